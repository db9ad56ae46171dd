using System.Text.Json.Nodes;
using GradientCourse.Tests.Probes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>The course's setup cell loads, on its own thread, every assembly its background chart warm-up will use, so
/// that the warm-up and the next cell never load one at the same time (<see cref="SetupProbeCells"/> says why).</summary>
public class SetupCellLoadingTests
{
    [Fact]
    public void SetupCell_LoadsTheLibrariesOnItsOwnThread_AndEachIsLoadedOnceAfterTheWarmUp()
    {
        var directory = TempDirectory("setup-loading");
        var source = Path.GetRelativePath(directory, Path.Combine(RepoRoot, "src")).Replace('\\', '/');
        var cells = SetupProbeCells.Cells(CourseSetupCell(), source);
        WriteNotebook(directory, "setup", Cell.Code(cells[0]), Cell.Code(cells[1]));

        var (result, executed) = RunNotebook(directory, "setup");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(SetupProbeCells.Expected(), CodeCells(executed!).Select(Stdout));
    }

    /// <summary>Notebook 00's setup cell as committed.</summary>
    private static string CourseSetupCell()
    {
        var notebook = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "notebooks", "00-welcome.ipynb")))!;
        return Text(CodeCells(notebook)[0]["source"]);
    }
}
