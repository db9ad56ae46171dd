using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>The static site renders offline: charts drawn, math typeset, no JavaScript errors.</summary>
public class SiteTests
{
    [ChromiumFact]
    public async Task Site_ChartsDrawnMathTypesetNoScriptErrors()
    {
        var dir = TempDirectory("site");
        var notebooks = Path.Combine(dir, "notebooks");
        Directory.CreateDirectory(notebooks);
        WriteNotebook(notebooks, "00-math",
            Cell.Md("# 00 · Math\n\nThe gradient of the loss:\n\n$$ \\frac{\\partial L}{\\partial W} $$\n\nand inline $f'(x) = f(x)(1 - f(x))$.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            Cell.Code("var s = $\"{1 + 1}\";\ns"));
        WriteNotebook(notebooks, "01-chart",
            Cell.Md("# 01 · Chart\n\nDepth $n$ shrinks the product $0.25^n$:\n\n$$ \\prod_{i=1}^{n} f'(z_i) \\le 0.25^n $$"),
            Cell.Code(SetupCell(notebooks)),
            Cell.Code(ChartCell),
            Cell.Code("display(" + ChartCell + ");\nConsole.WriteLine(\"two charts\");"));
        var output = Path.Combine(dir, "out");

        var result = Run("build", "--notebooks", notebooks, "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());

        var site = Path.Combine(output, "course");
        Assert.True(File.Exists(Path.Combine(site, "plotly.min.js")));
        Assert.True(File.Exists(Path.Combine(site, "katex", "katex.min.js")));
        var chartPage = File.ReadAllText(Path.Combine(site, "01-chart.html"));
        Assert.Equal(1, CountOf(chartPage, "src=\"plotly.min.js\""));
        Assert.DoesNotContain("<script src=\"http", chartPage, StringComparison.Ordinal);

        var screenshots = Path.Combine(RepoRoot, "artifacts", "test");
        Directory.CreateDirectory(screenshots);
        await using var browser = await Chromium.StartAsync();
        foreach (var page in new[] { "index", "00-math", "01-chart" })
        {
            await browser.NavigateAsync(new Uri(Path.Combine(site, page + ".html")).AbsoluteUri);
            var charts = (await browser.EvaluateAsync("document.querySelectorAll('.gc-chart').length"))!.GetValue<int>();
            Assert.True(await browser.WaitForAsync(
                "Array.from(document.querySelectorAll('.gc-chart')).every(c => c.querySelector('.main-svg') !== null)", TimeSpan.FromSeconds(30)),
                $"{page}: not every chart container has a drawn plot");
            var text = (await browser.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
            Assert.DoesNotContain("$$", text, StringComparison.Ordinal);
            if (page != "index")
            {
                Assert.True((await browser.EvaluateAsync("document.querySelectorAll('.katex').length"))!.GetValue<int>() >= 2, $"{page}: no KaTeX output");
            }

            if (page == "01-chart")
            {
                Assert.Equal(2, charts);
            }

            if (page == "00-math")
            {
                Assert.True((await browser.EvaluateAsync("document.querySelectorAll('table').length"))!.GetValue<int>() >= 1);
            }

            await File.WriteAllBytesAsync(Path.Combine(screenshots, $"site-{page}.png"), await browser.ScreenshotAsync());
            Assert.True(browser.Errors.IsEmpty, $"{page}: JavaScript errors:\n" + string.Join("\n", browser.Errors));
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
