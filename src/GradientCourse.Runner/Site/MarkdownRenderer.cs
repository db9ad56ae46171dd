using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace GradientCourse.Runner.Site;

/// <summary>Markdown to HTML with Markdig (tables, code, headings, math). Math is left as TeX between
/// <c>\( \)</c> (inline) or <c>\[ \]</c> (display) for KaTeX to typeset in the browser. As in Jupyter and VS Code,
/// <c>$$…$$</c> is display math even inside a line (Markdig alone would make it inline).</summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Renders markdown to an HTML fragment.</summary>
    public static string ToHtml(string markdown)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<HtmlMathInlineRenderer>(new DisplayAwareMathInlineRenderer());
        renderer.Render(Markdown.Parse(markdown, Pipeline));
        writer.Flush();
        return writer.ToString();
    }

    private sealed class DisplayAwareMathInlineRenderer : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline obj)
        {
            var display = obj.DelimiterCount >= 2;
            renderer.Write("<span class=\"math\">").Write(display ? "\\[" : "\\(");
            renderer.WriteEscape(ref obj.Content);
            renderer.Write(display ? "\\]" : "\\)").Write("</span>");
        }
    }
}
