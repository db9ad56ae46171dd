using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace GradientCourse.Runner.Execution;

/// <summary>What <c>#r "nuget: Plotly.NET.Interactive"</c> adds to the kernel: an HTML formatter for Plotly.NET
/// charts. A chart becomes a <c>div</c> and a script that draws it with the page's <c>Plotly</c> (the course site loads
/// its own plotly.min.js once per page); where no Plotly is loaded (an editor showing the executed notebook) the script
/// loads the plotly.js version Plotly.NET was built for.</summary>
public static class ChartFormatter
{
    /// <summary>CSS class of every chart container (the browser test looks for drawn plots inside them).</summary>
    public const string ContainerClass = "gc-chart";

    private static readonly Lock Gate = new();
    private static string notebookName = "notebook";
    private static string cellId = "cell";
    private static int chartIndex;

    /// <summary>Starts a notebook: chart ids name it (one notebook runs per process at a time).</summary>
    public static void BeginNotebook(string name)
    {
        lock (Gate)
        {
            notebookName = name;
            cellId = "cell";
            chartIndex = 0;
        }
    }

    /// <summary>Starts a cell: its charts are numbered from 1.</summary>
    public static void BeginCell(string id)
    {
        lock (Gate)
        {
            cellId = id;
            chartIndex = 0;
        }
    }

    /// <summary>The id of the next chart: <c>gc-chart-</c>notebook-cell-index (letters, digits, '-' and '_' only),
    /// the same in every build of the same notebook, unique within its page.</summary>
    public static string NextId()
    {
        lock (Gate)
        {
            chartIndex++;
            return Id(notebookName, cellId, chartIndex);
        }
    }

    /// <summary>The chart id for a notebook, cell id and 1-based index within the cell.</summary>
    public static string Id(string notebook, string cell, int index) =>
        $"gc-chart-{Slug(notebook)}-{Slug(cell)}-{index.ToString(CultureInfo.InvariantCulture)}";

    private static string Slug(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "_" : new string(chars);
    }

    /// <summary>Registers the formatter with Microsoft.DotNet.Interactive.Formatting (idempotent until
    /// <see cref="Formatter.ResetToDefault"/>).</summary>
    public static void Register()
    {
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ToHtml(chart)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlFormatter.MimeType);
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartDescription.Describe(JsonNode.Parse(Figure(chart)) as JsonObject)), PlainTextFormatter.MimeType);
    }

    // A displayed chart is formatted twice, text/html then text/plain: both come from one serialization of its figure.
    // Only the last chart is kept: a chart object may be changed in place and displayed again, and must then be
    // serialized again.
    private static (GenericChart Chart, string Json)? lastFigure;

    private static string Figure(GenericChart chart)
    {
        lock (Gate)
        {
            if (lastFigure is { } last && ReferenceEquals(last.Chart, chart))
            {
                lastFigure = null;
                return last.Json;
            }

            var json = GenericChart.toJson(chart);
            lastFigure = (chart, json);
            return json;
        }
    }

    /// <summary>The chart's HTML: a container and a drawing script with the figure's JSON.</summary>
    public static string ToHtml(GenericChart chart)
    {
        // Plotly.NET serializes the figure itself (data, layout, config); this is where a runner without the
        // FSharp.Core handler of the setup cell fails, as the kernel does.
        var figure = Figure(chart);
        var id = NextId();
        return $$"""
            <div id="{{id}}" class="{{ContainerClass}}"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure}};
              var draw = function () { Plotly.newPlot('{{id}}', figure.data, figure.layout || {}, figure.config || { responsive: true }); };
              if (window.Plotly) { draw(); return; }
              var script = document.createElement('script');
              script.src = 'https://cdn.plot.ly/plotly-{{PlotlyJsVersion}}.min.js';
              script.onload = draw;
              document.head.appendChild(script);
            })();
            </script>
            """;
    }

    /// <summary>The plotly.js version embedded in Plotly.NET.</summary>
    public static string PlotlyJsVersion => Globals.PLOTLYJS_VERSION;

    /// <summary>plotly.min.js as shipped inside Plotly.NET.dll (an embedded resource).</summary>
    public static byte[] PlotlyJs()
    {
        // Only the assembly's resources are read: no Plotly.NET type is touched, so FSharp.Core is not needed here.
        var assembly = Assembly.Load(new AssemblyName("Plotly.NET"));
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("plotly-" + PlotlyJsVersion + ".min.js", StringComparison.OrdinalIgnoreCase))
            ?? assembly.GetManifestResourceNames().FirstOrDefault(n => n.Contains("plotly", StringComparison.OrdinalIgnoreCase) && n.EndsWith(".min.js", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"plotly.min.js is not embedded in {assembly.GetName().Name}; resources: {string.Join(", ", assembly.GetManifestResourceNames())}");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
