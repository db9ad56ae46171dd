using System.Text.Json.Nodes;
using GradientCourse.Runner.Execution;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>The sessions change process-wide state (working folder, console, formatters): one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessSessions
{
    public const string Name = "in-process script sessions";
}

/// <summary>The one execution core, loaded in this process.</summary>
[Collection(InProcessSessions.Name)]
public class ScriptSessionTests
{
    private static readonly PackagePins Pins = PackagePins.Load(Path.Combine(RepoRoot, "Directory.Packages.props"));

    [Fact]
    public void Cells_ShareState_RelativePathsResolveFromBaseDirectory_WorkingFolderRestored()
    {
        var dir = TempDirectory("session");
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        File.WriteAllText(Path.Combine(dir, "data", "value.txt"), "41");
        var notebooks = Path.Combine(dir, "notebooks");
        Directory.CreateDirectory(notebooks);
        var before = Directory.GetCurrentDirectory();

        CellRun first, second;
        using (var session = new ScriptSession(new ScriptSessionOptions(notebooks, Pins)))
        {
            first = session.Run("cell 1", "var text = System.IO.File.ReadAllText(\"../data/value.txt\");");
            second = session.Run("cell 2", "int.Parse(text) + 1", executionCount: 2);
        }

        Assert.Equal(CellRunStatus.Completed, first.Status);
        Assert.Equal(CellRunStatus.Completed, second.Status);
        Assert.True(second.HasReturnValue);
        Assert.Equal(42, second.ReturnValue);
        var result = Assert.Single(second.Outputs);
        Assert.Equal("execute_result", result["output_type"]!.GetValue<string>());
        Assert.Equal(2, result["execution_count"]!.GetValue<int>());
        Assert.Equal(before, Directory.GetCurrentDirectory());
    }

    [Fact]
    public void CompileError_KeepsStateOfLastGoodCell_ReportsDiagnosticsWithLabelAndLine()
    {
        using var session = new ScriptSession(new ScriptSessionOptions(TempDirectory("compile"), Pins) { SetWorkingDirectory = false });

        session.Run("cell 1", "var a = 1;");
        var bad = session.Run("cell 2 (id 'x')", "var b = a;\nvar c = missing + 1;");
        var after = session.Run("cell 3", "a + 1");

        Assert.Equal(CellRunStatus.CompileError, bad.Status);
        Assert.Equal("CS0103", Assert.Single(bad.Errors).Id);
        Assert.StartsWith("cell 2 (id 'x'): compile error: cell 2 (id 'x'), line 2, column 9: error CS0103", bad.Message, StringComparison.Ordinal);
        Assert.Equal("error", bad.Outputs[^1]["output_type"]!.GetValue<string>());
        Assert.Equal(2, after.ReturnValue);
    }

    [Fact]
    public void Exception_FailsCell_KeepsOutputsBeforeIt_AndUnwrapsTheUserException()
    {
        using var session = new ScriptSession(new ScriptSessionOptions(TempDirectory("throws"), Pins) { SetWorkingDirectory = false });

        var run = session.Run("cell 1", "Console.Write(\"partial\");\nthrow new ArgumentException(\"bad value\");");

        Assert.Equal(CellRunStatus.Failed, run.Status);
        Assert.IsType<ArgumentException>(run.Exception);
        Assert.Equal("cell 1: ArgumentException: bad value", run.Message);
        Assert.Equal(["stream", "error"], run.Outputs.Select(o => o["output_type"]!.GetValue<string>()));
        Assert.Equal("partial", string.Concat(run.Outputs[0]["text"]!.AsArray().Select(l => l!.GetValue<string>())));
    }

    [Fact]
    public void NuGetLine_WithUnpinnedVersion_IsRejectedBeforeCompiling()
    {
        using var session = new ScriptSession(new ScriptSessionOptions(TempDirectory("pins"), Pins) { SetWorkingDirectory = false });

        var run = session.Run("cell 1", "#r \"nuget: MathNet.Numerics, 4.0.0\"\n1");

        Assert.Equal(CellRunStatus.Rejected, run.Status);
        Assert.False(run.Ran);
        Assert.Contains("does not match the pinned version 5.0.0", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputFlood_IsCutAtTheCap_WithMarkerCountingTheRest()
    {
        var limits = new OutputLimits(1000, 10_000);
        using var session = new ScriptSession(new ScriptSessionOptions(TempDirectory("flood"), Pins) { SetWorkingDirectory = false, OutputLimits = limits });

        // 10,000 lines of 10 bytes ("line 0000\n"): 100,000 bytes written, 1,000 kept.
        var run = session.Run("cell 1", "for (var i = 0; i < 10_000; i++) { Console.WriteLine($\"line {i:0000}\"); }");

        Assert.Equal(CellRunStatus.Completed, run.Status);
        var texts = run.Outputs.Select(o => string.Concat(o["text"]!.AsArray().Select(l => l!.GetValue<string>()))).ToList();
        Assert.Equal(2, texts.Count);
        Assert.Equal(1000, texts[0].Length);
        Assert.EndsWith("line 0099\n", texts[0], StringComparison.Ordinal);
        Assert.Equal("… output truncated: 99000 bytes not shown\n", texts[1]);
    }
}
