using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Grading;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>Same input, same bytes; same notebook text, same behaviour in build and grade.</summary>
[Collection(InProcessSessions.Name)]
public class DeterminismAndParityTests
{
    [Fact]
    public void ChartNotebook_ExecutedTwice_ByteIdentical_ChartIdsFromNotebookCellAndIndex()
    {
        var dir = TempDirectory("twice");
        WriteNotebook(dir, "charts", Cell.Code(SetupCell(dir)), Cell.Code(ChartCell),
            Cell.Code("display(" + ChartCell + ");\ndisplay(" + ChartCell + ");"));

        var first = Run("run", Path.Combine(dir, "charts.ipynb"), "--out", Path.Combine(dir, "a"));
        var second = Run("run", Path.Combine(dir, "charts.ipynb"), "--out", Path.Combine(dir, "b"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var a = File.ReadAllBytes(Path.Combine(dir, "a", "notebooks", "charts.ipynb"));
        var b = File.ReadAllBytes(Path.Combine(dir, "b", "notebooks", "charts.ipynb"));
        Assert.Equal(a, b);
        var text = Encoding.UTF8.GetString(a);
        Assert.Contains("id=\\\"gc-chart-charts-c1-1\\\"", text, StringComparison.Ordinal);
        Assert.Contains("id=\\\"gc-chart-charts-c2-1\\\"", text, StringComparison.Ordinal);
        Assert.Contains("id=\\\"gc-chart-charts-c2-2\\\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SameNotebookText_BuildPathAndGradeWorkerPath_SeeTheSameFolderAndData()
    {
        // The bug this guards: the grade worker used to run in a scratch folder, so "../data/…" failed there only.
        var dir = TempDirectory("parity");
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        File.WriteAllText(Path.Combine(dir, "data", "value.txt"), "42");
        var notebooks = Path.Combine(dir, "notebooks");
        Directory.CreateDirectory(notebooks);
        const string Probe = "throw new InvalidOperationException(\"value=\" + System.IO.File.ReadAllText(\"../data/value.txt\") + " +
                             "\" cwd=\" + Environment.CurrentDirectory + \" lines=\" + System.IO.File.ReadAllLines(\"../data/value.txt\").Length);";
        WriteNotebook(notebooks, "parity", Cell.Code("var seed = 1;"), Cell.Code(Probe));

        var (build, executed) = RunNotebook(notebooks, "parity");
        var buildMessage = CodeCells(executed!)[1]["outputs"]!.AsArray().Single()!["evalue"]!.GetValue<string>();
        var gradeMessage = GradeWorkerMessage(Path.Combine(notebooks, "parity.ipynb"), "var seed = 1;", Probe);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal($"value=42 cwd={notebooks} lines=1", buildMessage);
        Assert.Equal("cell 2: InvalidOperationException: " + buildMessage, gradeMessage);
    }

    /// <summary>Runs the grade worker in this process on two cells, in the notebook's folder (the grader runs it in
    /// its private copy's notebooks/ folder); returns its report of the second cell.</summary>
    private static string GradeWorkerMessage(string notebookPath, string first, string second)
    {
        var job = new WorkerJob(WorkerMode.Grade, 30, [new WorkerCell("cell 1", CellRole.None, null, first), new WorkerCell("cell 2", CellRole.None, null, second)], []);
        var input = new StringReader(System.Text.Json.JsonSerializer.Serialize(job, WorkerProtocol.Json));
        using var output = new MemoryStream();
        var caller = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Path.GetDirectoryName(notebookPath)!);
        try
        {
            Assert.Equal(0, GradeWorker.Serve(input, output));
        }
        finally
        {
            Directory.SetCurrentDirectory(caller);
        }

        var messages = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(WorkerProtocol.Parse).ToList();
        Assert.All(messages, m => Assert.NotNull(m));
        return Assert.Single(messages, m => m!.Kind == "cell")!.Message!;
    }
}
