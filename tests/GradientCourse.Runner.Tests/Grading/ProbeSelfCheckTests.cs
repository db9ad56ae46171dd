using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>In the instructor's own run, a probe calls the function and prints a one-line self-check.</summary>
public class ProbeSelfCheckTests
{
    [Fact]
    public void Probe_InANotebookRun_PrintsTheInstructorsResult()
    {
        var dir = TempDirectory("probe-self-check");
        WriteNotebook(dir, "nb",
            Cell.Code(SetupCell(dir, withFSharpCoreHandler: false)),
            Cell.Code("double Square(double x) => x * x;"),
            Cell.Code("Exercises.Probe(\"50.1\", nameof(Square), [-1.5]);"));
        var (result, executed) = RunNotebook(dir, "nb");
        Assert.True(result.ExitCode == 0, result.ToString());
        var output = string.Concat(CodeCells(executed!)[2]["outputs"]!.AsArray().Select(o => Text(o!["text"])));
        Assert.Contains("probe 50.1: Square(-1.5) = 2.25", output, StringComparison.Ordinal);
    }
}
