using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>The real course, built by README's main-job command, renders in a browser: every page, every chart.</summary>
public class CourseSiteTests
{
    [ChromiumFact]
    public async Task CourseSite_EveryPage_ChartsDrawnMathTypesetNoScriptErrors()
    {
        var output = TempDirectory("course-site");
        var result = Run("build", "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        // The same build's executed notebooks show every chart without a script too (image/png, one-line text).
        foreach (var executed in Directory.GetFiles(Path.Combine(output, "notebooks"), "*.ipynb"))
        {
            Png.AssertChartsHaveImages(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(executed))!.AsObject(), Path.GetFileName(executed), minimumCharts: 1);
        }

        var site = Path.Combine(output, "course");
        var notebooks = Directory.GetFiles(Path.Combine(RepoRoot, "notebooks"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(notebooks);
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        foreach (var name in notebooks)
        {
            Assert.Contains($"{name}.html", index, StringComparison.Ordinal);
        }

        var screenshots = Path.Combine(RepoRoot, "artifacts", "test");
        Directory.CreateDirectory(screenshots);
        await using var browser = await Chromium.StartAsync();
        var totalCharts = 0;
        foreach (var page in notebooks.Prepend("index"))
        {
            await browser.NavigateAsync(new Uri(Path.Combine(site, page + ".html")).AbsoluteUri);
            var charts = (await browser.EvaluateAsync("document.querySelectorAll('.gc-chart').length"))!.GetValue<int>();
            totalCharts += charts;
            Assert.True(await browser.WaitForAsync(
                "Array.from(document.querySelectorAll('.gc-chart')).every(c => c.querySelector('.main-svg') !== null)", TimeSpan.FromSeconds(60)),
                $"{page}: not every one of its {charts} chart containers has a drawn plot");
            var text = (await browser.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
            Assert.DoesNotContain("$$", text, StringComparison.Ordinal);
            if (page != "index")
            {
                Assert.True(charts >= 1, $"{page}: a course notebook without a single chart");
                Assert.True((await browser.EvaluateAsync("document.querySelectorAll('.katex').length"))!.GetValue<int>() >= 1, $"{page}: no typeset math");
            }

            if (page is "03-vanishing-gradients" or "index")
            {
                await File.WriteAllBytesAsync(Path.Combine(screenshots, $"course-{page}.png"), await browser.ScreenshotAsync());
            }

            Assert.True(browser.Errors.IsEmpty, $"{page}: JavaScript errors:\n" + string.Join("\n", browser.Errors));
        }

        Assert.True(totalCharts >= 2 * notebooks.Count, $"only {totalCharts} charts in {notebooks.Count} notebooks");
    }
}
