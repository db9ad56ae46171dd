using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>The runner's chart formatter serializes a displayed chart once for its HTML and its text; a chart changed in
/// place and displayed again is serialized again, so no output shows a stale figure.</summary>
public class ChartFormatterTests
{
    [Fact]
    public void Run_ChartChangedInPlaceAndShownAgain_EachDisplayShowsTheFigureAsItWasThen()
    {
        var dir = TempDirectory("chart-formatter");
        WriteNotebook(dir, "restyle",
            Cell.Code(SetupCell(dir)),
            Cell.Code("var c = " + ChartCell + ";\n" + Retitle("before") + "c"),
            Cell.Code(Retitle("after") + "c"));

        var (result, executed) = RunNotebook(dir, "restyle");

        Assert.True(result.ExitCode == 0, result.ToString());
        var cells = CodeCells(executed!);
        var first = cells[1]["outputs"]![0]!["data"]!;
        var second = cells[2]["outputs"]![0]!["data"]!;
        Assert.Contains("\"before\"", Text(first["text/html"]), StringComparison.Ordinal);
        Assert.Equal("Chart: before — 1 series", Text(first["text/plain"]));
        Assert.Contains("\"after\"", Text(second["text/html"]), StringComparison.Ordinal);
        Assert.DoesNotContain("\"before\"", Text(second["text/html"]), StringComparison.Ordinal);
        Assert.Equal("Chart: after — 1 series", Text(second["text/plain"]));
    }

    // Sets the title on the chart's own layout object: a change in place, not a new chart.
    private static string Retitle(string title) =>
        "Plotly.NET.GenericChart.getLayout(c).SetProperty(\"title\", new Dictionary<string, object> { [\"text\"] = \"" + title + "\" });\n";
}
