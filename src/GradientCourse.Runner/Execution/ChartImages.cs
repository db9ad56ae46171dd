using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Execution;

/// <summary>What the chart-image pass did.</summary>
/// <param name="Charts">Chart outputs found in the executed notebooks.</param>
/// <param name="Rendered">Charts that got an image/png.</param>
/// <param name="Elapsed">Wall time of the pass (Chromium start included).</param>
/// <param name="Skipped">Why no image was rendered, or null.</param>
/// <param name="Failures">One line per chart that could not be rendered.</param>
public sealed record ChartImagesReport(int Charts, int Rendered, TimeSpan Elapsed, string? Skipped, IReadOnlyList<string> Failures);

/// <summary>A pass over executed notebooks that puts an <c>image/png</c> rendering beside every chart's text/html (so a
/// viewer that runs no script, e.g. a repository browser, shows the chart) and makes the chart's text/plain a one-line
/// description. All charts of a build are drawn in ONE headless session of the system Chromium with the plotly.js that
/// Plotly.NET embeds (the site's copy), by the call Plotly.NET.ImageExport makes (<c>Plotly.toImage</c>); nothing is
/// fetched from the network. Plotly.NET.ImageExport itself is not used: it starts a browser for every image and needs
/// the live chart object (see docs/chart-images.md).</summary>
public static class ChartImages
{
    /// <summary>Image size for a chart whose layout sets none (the course's charts set theirs).</summary>
    public const int DefaultWidth = 760;

    /// <summary>Image size for a chart whose layout sets none.</summary>
    public const int DefaultHeight = 480;

    private const string FigureMarker = "var figure = ";
    private static readonly TimeSpan ChartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Adds images and descriptions to the executed notebooks in place; logs one summary line (and one line
    /// per failure). A missing Chromium is not an error: the line says that images were skipped and why.</summary>
    public static ChartImagesReport AddTo(IReadOnlyList<string> executedNotebooks, TextWriter log)
    {
        var watch = Stopwatch.StartNew();
        var documents = new List<(string Path, JsonNode Json)>();
        var charts = new List<ChartOutput>();
        foreach (var path in executedNotebooks.Where(File.Exists))
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!;
            documents.Add((path, json));
            charts.AddRange(FindCharts(json).Select(c => c with { Notebook = Path.GetFileNameWithoutExtension(path) }));
        }
        foreach (var chart in charts)
        {
            chart.Data["text/plain"] = ChartDescription.Describe(chart.Figure);
        }

        string? skipped = null;
        var failures = new List<string>();
        var rendered = 0;
        string? browser = null;
        var startup = TimeSpan.Zero;
        var executable = ChromiumSession.Find(out var why);
        if (charts.Count == 0)
        {
            skipped = "no charts";
        }
        else if (executable is null)
        {
            skipped = why;
        }
        else
        {
            try
            {
                (rendered, browser, startup) = RenderAllAsync(executable, charts, failures).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or HttpRequestException
                                          or System.Net.WebSockets.WebSocketException or System.ComponentModel.Win32Exception)
            {
                skipped = $"Chromium ({executable}) could not be used: {e.Message}";
            }
        }

        foreach (var (path, json) in documents)
        {
            NotebookFile.WriteAtomically(path, json);
        }
        watch.Stop();
        var seconds = watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (skipped is not null && charts.Count > 0)
        {
            log.WriteLine($"== chart images SKIPPED ({skipped}): the executed notebooks keep their interactive charts but get no " +
                          $"image/png. Install Chromium (apt-get install chromium; ./course.sh build does it) or set " +
                          $"{ChromiumSession.ExecutableVariable}=/path/to/chromium.");
        }
        else if (charts.Count > 0)
        {
            log.WriteLine($"== chart images: {rendered} of {charts.Count} charts as PNG in one {browser} session, {seconds} s " +
                          $"({startup.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s of it to start Chromium and load plotly.js)");
        }
        foreach (var failure in failures)
        {
            log.WriteLine("  chart image FAILED: " + failure);
        }
        return new ChartImagesReport(charts.Count, rendered, watch.Elapsed, skipped, failures);
    }

    /// <summary>The figure (<c>{data, layout, config}</c>) in a chart output's text/html, or null for other outputs.</summary>
    public static JsonObject? FigureOf(JsonObject output)
    {
        var html = output["data"]?["text/html"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => null,
        };
        if (html is null || !html.Contains(ChartFormatter.ContainerClass, StringComparison.Ordinal))
        {
            return null;
        }
        var start = html.IndexOf(FigureMarker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        // The figure is one JSON value followed by ";": read exactly one value.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(html[(start + FigureMarker.Length)..]),
            new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            return JsonNode.Parse(ref reader) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The image size of a figure: its layout's width and height, or the defaults.</summary>
    public static (int Width, int Height) SizeOf(JsonObject figure)
    {
        static int Get(JsonNode? node, int fallback) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() is > 10 and < 10000 ? (int)v.GetValue<double>() : fallback;
        return (Get(figure["layout"]?["width"], DefaultWidth), Get(figure["layout"]?["height"], DefaultHeight));
    }

    private static IEnumerable<ChartOutput> FindCharts(JsonNode notebook)
    {
        var cellNumber = 0;
        foreach (var cell in (notebook["cells"] as JsonArray ?? []).OfType<JsonObject>())
        {
            cellNumber++;
            foreach (var output in (cell["outputs"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (output["data"] is JsonObject data && FigureOf(output) is { } figure)
                {
                    var id = cell["id"]?.GetValue<string>();
                    yield return new ChartOutput("", id is null ? $"cell {cellNumber}" : $"cell {cellNumber} (id '{id}')", output, data, figure);
                }
            }
        }
    }

    private static async Task<(int Rendered, string Browser, TimeSpan Startup)> RenderAllAsync(string executable, List<ChartOutput> charts, List<string> failures)
    {
        var watch = Stopwatch.StartNew();
        await using var chromium = await ChromiumSession.StartAsync(executable);
        var browser = await chromium.VersionAsync();
        var plotly = Encoding.UTF8.GetString(ChartFormatter.PlotlyJs());
        var loaded = await chromium.EvaluateAsync(plotly + "\n;typeof Plotly", TimeSpan.FromSeconds(120));
        if (loaded?.GetValue<string>() != "object")
        {
            throw new InvalidOperationException("plotly.js did not load in Chromium");
        }
        var startup = watch.Elapsed;
        var rendered = 0;
        foreach (var chart in charts)
        {
            var (width, height) = SizeOf(chart.Figure);
            try
            {
                var url = await chromium.EvaluateAsync(
                    $"Plotly.toImage({chart.Figure.ToJsonString()}, {{ format: 'png', width: {width}, height: {height}, scale: 1 }})", ChartTimeout);
                var text = url?.GetValue<string>() ?? "";
                const string prefix = "data:image/png;base64,";
                if (!text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("Plotly.toImage returned no PNG data URL");
                }
                chart.Data["image/png"] = text[prefix.Length..];
                var metadata = chart.Output["metadata"] as JsonObject ?? [];
                metadata["image/png"] = new JsonObject { ["width"] = width, ["height"] = height };
                chart.Output["metadata"] = metadata;
                rendered++;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                failures.Add($"{chart.Notebook} {chart.Cell}: {e.Message}");
            }
        }
        return (rendered, browser, startup);
    }

    private sealed record ChartOutput(string Notebook, string Cell, JsonObject Output, JsonObject Data, JsonObject Figure);
}
