using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Execution;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Site;

/// <summary>An executed notebook and how it ran.</summary>
public sealed record SitePage(Notebook Notebook, NotebookResult Result)
{
    /// <summary>The page's file name.</summary>
    public string FileName => Notebook.Name + ".html";
}

/// <summary>Writes the static course site: index.html (course map) and one page per notebook, with KaTeX and
/// plotly.js served from the site itself, so that it works offline.</summary>
public sealed class SiteBuilder(string repoRoot, string siteDirectory, TextWriter log)
{
    /// <summary>Writes the site for <paramref name="pages"/> (in course order).</summary>
    public void Build(IReadOnlyList<SitePage> pages)
    {
        Directory.CreateDirectory(siteDirectory);
        KatexAssets.CopyTo(repoRoot, siteDirectory, log);
        if (PlaygroundSite.Enabled)
        {
            PlaygroundSite.CopyTo(repoRoot, siteDirectory, log);
        }
        File.WriteAllBytes(Path.Combine(siteDirectory, "plotly.min.js"), ChartFormatter.PlotlyJs());
        NotebookFile.WriteTextAtomically(Path.Combine(siteDirectory, "course.css"), Css);
        for (var i = 0; i < pages.Count; i++)
        {
            var previous = i > 0 ? pages[i - 1] : null;
            var next = i + 1 < pages.Count ? pages[i + 1] : null;
            NotebookFile.WriteTextAtomically(Path.Combine(siteDirectory, pages[i].FileName), NotebookPage(pages[i], previous, next));
        }
        NotebookFile.WriteTextAtomically(Path.Combine(siteDirectory, "index.html"), IndexPage(pages));
    }

    private static string IndexPage(IReadOnlyList<SitePage> pages)
    {
        var body = new StringBuilder();
        body.AppendLine("<h1>GradientCourse</h1>");
        body.AppendLine("<p>Why deep networks stop learning: vanishing and exploding gradients, and how to fix them. Every notebook below was executed by the course runner.</p>");
        if (PlaygroundSite.Enabled)
        {
            body.AppendLine(PlaygroundSite.IndexLink);
        }
        body.AppendLine("<table class=\"course-map\"><thead><tr><th>Notebook</th><th>Title</th><th>Status</th><th>Cells</th><th>Run time</th></tr></thead><tbody>");
        foreach (var page in pages)
        {
            var r = page.Result;
            body.AppendLine(CultureInfo.InvariantCulture,
                $"<tr><td><a href=\"{Enc(page.FileName)}\">{Enc(page.Notebook.Name)}</a></td><td>{Enc(page.Notebook.Title)}</td>" +
                $"<td class=\"{(r.FailureKind == FailureKind.NotRun ? "not-run" : r.Passed ? "passed" : "failed")}\">{Enc(r.Status)}</td><td>{r.CellsRun}/{r.CodeCells}</td>" +
                $"<td>{r.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s</td></tr>");
        }
        body.AppendLine("</tbody></table>");
        return Layout("GradientCourse", body.ToString(), withPlotly: false);
    }

    private static string NotebookPage(SitePage page, SitePage? previous, SitePage? next)
    {
        var body = new StringBuilder();
        body.AppendLine(Navigation(previous, next));
        if (page.Result.FailureKind == FailureKind.NotRun)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"<div class=\"note\">This notebook was {Enc(page.Result.Failure ?? "not run in this build")}.</div>");
        }
        else if (!page.Result.Passed)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"<div class=\"failure\">This notebook failed: {Enc(page.Result.Failure ?? "")}</div>");
        }
        foreach (var cell in page.Notebook.Cells)
        {
            switch (cell.Kind)
            {
                case CellKind.Markdown:
                    body.AppendLine("<section class=\"cell markdown\">").Append(MarkdownRenderer.ToHtml(cell.Source)).AppendLine("</section>");
                    break;
                case CellKind.Code:
                    body.AppendLine("<section class=\"cell code\">");
                    body.AppendLine(CultureInfo.InvariantCulture,
                        $"<div class=\"prompt\">[{(cell.ExecutionCount?.ToString(CultureInfo.InvariantCulture) ?? " ")}]</div>");
                    body.Append("<pre class=\"source\"><code>").Append(CSharpHighlighter.ToHtml(cell.Source.TrimEnd())).AppendLine("</code></pre>");
                    foreach (var output in cell.Outputs)
                    {
                        body.AppendLine(Output(output));
                    }
                    body.AppendLine("</section>");
                    break;
                default:
                    body.Append("<pre class=\"raw\">").Append(Enc(cell.Source)).AppendLine("</pre>");
                    break;
            }
        }
        body.AppendLine(Navigation(previous, next));
        var html = body.ToString();
        return Layout(page.Notebook.Title, html, withPlotly: html.Contains(ChartFormatter.ContainerClass, StringComparison.Ordinal));
    }

    private static string Output(JsonObject output)
    {
        static string Text(JsonNode? node) => node switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
            JsonValue v => v.GetValue<string>(),
            _ => "",
        };
        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                return $"<pre class=\"output stream {Enc(output["name"]?.GetValue<string>() ?? "")}\">{Enc(Text(output["text"]))}</pre>";
            case "error":
                var traceback = output["traceback"] is JsonArray t ? string.Join("\n", t.Select(x => x?.GetValue<string>())) : "";
                return $"<pre class=\"output error\"><strong>{Enc(output["ename"]?.GetValue<string>() ?? "")}</strong>: " +
                       $"{Enc(output["evalue"]?.GetValue<string>() ?? "")}\n{Enc(traceback)}</pre>";
            default:
                var data = output["data"] as JsonObject;
                if (data?["text/html"] is { } html)
                {
                    return $"<div class=\"output html\">{Text(html)}</div>";
                }
                if (data?["text/markdown"] is { } markdown)
                {
                    return $"<div class=\"output markdown\">{MarkdownRenderer.ToHtml(Text(markdown))}</div>";
                }
                return $"<pre class=\"output plain\">{Enc(Text(data?["text/plain"]))}</pre>";
        }
    }

    private static string Navigation(SitePage? previous, SitePage? next) =>
        "<nav><a href=\"index.html\">Course map</a>" +
        (previous is null ? "" : $" · <a href=\"{Enc(previous.FileName)}\">← {Enc(previous.Notebook.Title)}</a>") +
        (next is null ? "" : $" · <a href=\"{Enc(next.FileName)}\">{Enc(next.Notebook.Title)} →</a>") +
        "</nav>";

    private static string Layout(string title, string body, bool withPlotly) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Enc(title)}}</title>
        <link rel="stylesheet" href="katex/katex.min.css">
        <link rel="stylesheet" href="course.css">
        <script src="katex/katex.min.js"></script>
        <script src="katex/auto-render.min.js"></script>
        {{(withPlotly ? "<script src=\"plotly.min.js\"></script>" : "")}}
        </head>
        <body>
        <main>
        {{body}}
        </main>
        <script>
        renderMathInElement(document.body, {
          delimiters: [
            { left: '$$', right: '$$', display: true },
            { left: '\\[', right: '\\]', display: true },
            { left: '\\(', right: '\\)', display: false },
            { left: '$', right: '$', display: false }
          ],
          ignoredClasses: ['source', 'output'],
          throwOnError: false
        });
        </script>
        </body>
        </html>
        """;

    private static string Enc(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; color: #1f2328; margin: 0; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
        nav { margin: 1rem 0; font-size: 0.9rem; }
        a { color: #0969da; }
        table { border-collapse: collapse; margin: 1rem 0; }
        th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.7rem; text-align: left; }
        td.passed { color: #1a7f37; } td.failed { color: #cf222e; font-weight: bold; }
        .cell { margin: 1rem 0; }
        .cell.code { border-left: 3px solid #d0d7de; padding-left: 0.8rem; }
        .prompt { color: #6e7781; font-family: ui-monospace, monospace; font-size: 0.8rem; }
        pre { background: #f6f8fa; padding: 0.7rem; overflow-x: auto; border-radius: 4px; font-size: 0.85rem; }
        pre.output { background: #fff; border: 1px solid #eaeef2; }
        pre.output.error, .failure { color: #cf222e; background: #fff0f0; border: 1px solid #ffcecb; }
        .failure, .note { padding: 0.7rem; border-radius: 4px; }
        .note { background: #f6f8fa; border: 1px solid #d0d7de; } td.not-run { color: #6e7781; }
        .output.html { overflow-x: auto; margin: 0.5rem 0; }
        .c-keyword { color: #cf222e; } .c-string { color: #0a3069; } .c-comment { color: #6e7781; font-style: italic; }
        .c-number { color: #0550ae; } .c-directive { color: #8250df; }
        .katex-display { overflow-x: auto; overflow-y: hidden; }
        """;
}
