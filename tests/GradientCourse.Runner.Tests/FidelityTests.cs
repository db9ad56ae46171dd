using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>The last official .NET Interactive kernel runs on FSharp.Core 10.0; Plotly.NET 6 needs 10.1. Its first chart
/// fails unless the setup cell registered the FSharp.Core resolving handler. The runner must fail the same way.</summary>
public class FidelityTests
{
    [Fact]
    public void Chart_WithoutFSharpCoreHandler_FailsLikeTheKernel()
    {
        var dir = TempDirectory("nohandler");
        WriteNotebook(dir, "nohandler", Cell.Code(SetupCell(dir, withFSharpCoreHandler: false)), Cell.Code(ChartCell));

        var (result, executed) = RunNotebook(dir, "nohandler");

        Assert.NotEqual(0, result.ExitCode);
        var cells = CodeCells(executed!);
        Assert.Empty(cells[0]["outputs"]!.AsArray());
        var error = cells[1]["outputs"]!.AsArray().Single()!;
        Assert.Equal("System.IO.FileNotFoundException", error["ename"]!.GetValue<string>());
        Assert.Contains("Could not load file or assembly 'FSharp.Core, Version=10.1.0.0", error["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_WithTemplateSetupCell_RendersAsHtml()
    {
        var dir = TempDirectory("handler");
        WriteNotebook(dir, "handler", Cell.Code(SetupCell(dir)), Cell.Code(ChartCell));

        var (result, executed) = RunNotebook(dir, "handler");

        Assert.True(result.ExitCode == 0, result.ToString());
        var output = CodeCells(executed!)[1]["outputs"]!.AsArray().Single()!;
        var html = Text(output["data"]!["text/html"]);
        Assert.Contains("class=\"gc-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
        Assert.Contains("\"scatter\"", html, StringComparison.Ordinal);
    }
}
