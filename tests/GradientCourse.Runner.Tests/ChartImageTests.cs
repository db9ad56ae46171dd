using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>Executed notebooks show their charts without a script: image/png beside the HTML, drawn offline by the
/// system Chromium, and a one-line text/plain.</summary>
public class ChartImageTests
{
    // A course chart (scripts cannot call Plotly.NET's F# API directly: FSharp.Core 10.0 in the kernel, see the setup cell).
    private const string TitledLine = "Charts.DerivativeProductByDepth(10, (\"sigmoid\", 0.25), (\"tanh\", 1.0))";

    private const string Heatmap =
        "Plotly.NET.CSharp.Chart.Heatmap<double, int, int, string>(zData: new[] { new[] { 1.0, 2, 3 }, new[] { 3.0, 1, 0 } })";

    private static (string Directory, string Name) Fixture(string testName)
    {
        var directory = TempDirectory(testName);
        WriteNotebook(directory, "charts",
            Cell.Code("#r \"" + ChartsDll(directory) + "\"\n" + SetupCell(directory)),
            Cell.Md("# Charts"),
            Cell.Code("Console.WriteLine(\"before\");\n" + TitledLine),
            Cell.Code(Heatmap),
            Cell.Code("display(" + ChartCell + ");\nConsole.WriteLine(\"after\");"));
        return (directory, "charts");
    }

    /// <summary>The course's chart assembly as notebooks reference it, relative to <paramref name="directory"/>.</summary>
    private static string ChartsDll(string directory) => Path.GetRelativePath(directory,
        Path.Combine(RepoRoot, "src", "GradientCourse.Charts", "bin", "Debug", "net10.0", "GradientCourse.Charts.dll")).Replace('\\', '/');

    [ChromiumFact]
    public void ExecutedNotebook_ChartCells_CarryDrawnPngAndOneLineDescription()
    {
        var (directory, name) = Fixture("chart-images");
        var (result, executed) = RunNotebook(directory, name);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("== chart images: 3 of 3 charts as PNG in one", result.Stdout, StringComparison.Ordinal);

        Png.AssertChartsHaveImages(executed!, name, minimumCharts: 3);
        var plain = Png.ChartOutputs(executed!).Select(o => Text(o["data"]!["text/plain"])).ToList();
        Assert.StartsWith("Chart: Product of n derivative factors", plain[0], StringComparison.Ordinal);
        Assert.EndsWith(" — 2 series, log y axis", plain[0], StringComparison.Ordinal);
        Assert.Equal("Chart: untitled — 1 heatmap", plain[1]);
        // The heatmap and the line chart are different pictures.
        Assert.NotEqual(Text(Png.ChartOutputs(executed!)[0]["data"]!["image/png"]), Text(Png.ChartOutputs(executed!)[1]["data"]!["image/png"]));
    }

    [ChromiumFact]
    public void ChartImages_RenderedAgainInANewChromium_SameBytes()
    {
        var (directory, name) = Fixture("chart-images-again");
        var (result, executed) = RunNotebook(directory, name);
        Assert.True(result.ExitCode == 0, result.ToString());
        var first = Png.ChartOutputs(executed!).Select(o => Text(o["data"]!["image/png"])).ToList();

        // Strip the images and let the images verb draw them again in a fresh browser and profile.
        var copy = Path.Combine(directory, "copy.ipynb");
        foreach (var output in Png.ChartOutputs(executed!))
        {
            output["data"]!.AsObject().Remove("image/png");
        }
        File.WriteAllText(copy, executed!.ToJsonString());
        var again = Run("images", copy);
        Assert.True(again.ExitCode == 0, again.ToString());
        var second = Png.ChartOutputs(JsonNode.Parse(File.ReadAllText(copy))!.AsObject()).Select(o => Text(o["data"]!["image/png"])).ToList();
        Assert.Equal(3, second.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void ExecutedNotebook_NoChromium_SaysImagesSkippedAndKeepsOneLineText()
    {
        var (directory, name) = Fixture("chart-images-none");
        var output = Path.Combine(directory, "out");
        var result = Run(new Dictionary<string, string> { ["GRADIENTCOURSE_CHROMIUM"] = "none" },
            "run", Path.Combine(directory, name + ".ipynb"), "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("== chart images SKIPPED (GRADIENTCOURSE_CHROMIUM=none)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("apt-get install chromium", result.Stdout, StringComparison.Ordinal);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "notebooks", name + ".ipynb")))!.AsObject();
        var charts = Png.ChartOutputs(executed);
        Assert.Equal(3, charts.Count);
        Assert.All(charts, c => Assert.Null(c["data"]!["image/png"]));
        Assert.All(charts, c => Assert.Matches("^Chart: [^\n]+$", Text(c["data"]!["text/plain"])));
    }
}
