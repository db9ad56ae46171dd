namespace GradientCourse.Runner.Export;

/// <summary>The small class every exported program ends with: it stands in for the kernel's display. A file-based app
/// is one file, so the helper is written into each program rather than referenced.</summary>
public static class ExportHelper
{
    /// <summary>The helper's C# source; chart support only when the program references Plotly.NET
    /// (<paramref name="plotlyJsVersion"/> names the plotly.min.js written beside the programs).</summary>
    public static string Source(string? plotlyJsVersion)
    {
        var chart = plotlyJsVersion is null ? "" : $$"""
                    if (value is Plotly.NET.GenericChart chart)
                    {
                        charts++;
                        var file = Path.Combine(outputDirectory, $"{name}-chart-{charts:00}.html");
                        File.WriteAllText(file, Html(Plotly.NET.GenericChart.toJson(chart)));
                        Console.Error.WriteLine($"[chart {charts}: {file}]");
                        return;
                    }
            """;
        var html = plotlyJsVersion is null ? "" : $$"""

                /// <summary>A standalone page for one chart, drawn by the plotly.min.js beside it (no network needed).</summary>
                private static string Html(string figure) =>
                    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + name + "</title>\n" +
                    "<script src=\"plotly-{{plotlyJsVersion}}.min.js\"></script></head>\n<body><div id=\"chart\"></div>\n" +
                    "<script>var figure = " + figure + ";\n" +
                    "Plotly.newPlot('chart', figure.data, figure.layout || {}, figure.config || { responsive: true });</script>\n</body></html>\n";
            """;
        return $$"""
            // ── Written by the export: what the notebook kernel's display did ──

            /// <summary>Shows what a notebook cell displays: a chart becomes an HTML file beside this program, any other
            /// value a line on standard error (standard output stays the notebook's printed text).</summary>
            internal static class NotebookOutput
            {
                private static string name = "notebook";
                private static string outputDirectory = ".";
                private static int charts;

                /// <summary>Remembers where this program lives and moves to the notebook's folder, where the kernel runs cells.</summary>
                public static void Start(string notebook, string notebooksFolder)
                {
                    name = notebook;
                    var source = AppContext.GetData("EntryPointFilePath") as string;
                    outputDirectory = source is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(source))!;
                    var folder = Path.GetFullPath(Path.Combine(outputDirectory, notebooksFolder));
                    if (Directory.Exists(folder))
                    {
                        Directory.SetCurrentDirectory(folder);
                    }
                }

                /// <summary>What the kernel shows for a cell's last expression or a display(value) call.</summary>
                public static void Display(object value)
                {
                    Console.Out.Flush();
            {{chart}}
                    var text = value switch
                    {
                        null => "<null>",
                        string s => s,
                        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object>().Take(20)) + "]",
                        _ => value.ToString(),
                    };
                    Console.Error.WriteLine("[display] " + text);
                }

            #pragma warning disable IDE1006 // the kernel's lower-case name
                /// <summary>The kernel's display(value).</summary>
                public static void display(object value) => Display(value);
            #pragma warning restore IDE1006
            {{html}}
            }

            """;
    }
}
