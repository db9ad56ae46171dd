using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>Each notebook runs in its own worker process: what its code does to that process fails that notebook
/// with a reason naming the cell, and the build goes on to the summary and the executed copies.</summary>
public class WorkerIsolationTests
{
    [Fact]
    public void Build_ExitAndStackOverflow_FailThoseNotebooks_OthersRun_SummaryAndCopiesWritten()
    {
        var (notebooks, output) = Fixture("isolation",
            ("01-exit", [Cell.Code("Console.WriteLine(\"before\");"), Cell.Code("Environment.Exit(3);"), Cell.Code("1")]),
            ("02-recursion", [Cell.Code("int Down(int n) => Down(n + 1) + 1;\nDown(0)")]),
            ("03-fine", [Cell.Code("\"still here\"")]));

        var result = Run("build", "--notebooks", notebooks, "--out", output, "--no-site");

        Assert.True(result.ExitCode == 1, result.ToString());
        AssertSays(result, "FAILED 01-exit: the notebook's code ended the process with exit code 3 in cell 2 (id 'c1')");
        AssertSays(result, "FAILED 02-recursion: stack overflow in cell 1 (id 'c0')");
        Assert.Matches(@"03-fine\s+passed\s+1/1", result.Stdout);
        AssertSays(result, "3 notebook(s), 2 failed");
        var exit = CodeCells(Executed(output, "01-exit"));
        Assert.Equal("before\n", Text(exit[0]["outputs"]![0]!["text"]));
        Assert.Equal(2, exit[1]["execution_count"]!.GetValue<int>());
        Assert.Equal("WorkerExited", exit[1]["outputs"]![0]!["ename"]!.GetValue<string>());
        Assert.Null(exit[2]["execution_count"]);
        Assert.Equal("StackOverflow", CodeCells(Executed(output, "02-recursion"))[0]["outputs"]![0]!["ename"]!.GetValue<string>());
        Assert.Equal("still here", Text(CodeCells(Executed(output, "03-fine"))[0]["outputs"]![0]!["data"]!["text/plain"]));
    }

    /// <summary>Writes fixture notebooks into a fresh folder; returns it and the output folder.</summary>
    internal static (string Notebooks, string Output) Fixture(string name, params (string Name, Cell[] Cells)[] notebooks)
    {
        var dir = TempDirectory(name);
        var folder = Path.Combine(dir, "nb");
        Directory.CreateDirectory(folder);
        foreach (var (notebook, cells) in notebooks)
        {
            WriteNotebook(folder, notebook, cells);
        }
        return (folder, Path.Combine(dir, "out"));
    }

    internal static void AssertSays(RunResult result, string text) =>
        Assert.True(result.Stdout.Contains(text, StringComparison.Ordinal), $"expected \"{text}\" in:\n{result}");

    internal static JsonObject Executed(string output, string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, "notebooks", name + ".ipynb")))!.AsObject();

    /// <summary>Processes whose command line or working folder names <paramref name="text"/> (a worker left running).</summary>
    internal static List<string> ProcessesMentioning(string text)
    {
        var found = new List<string>();
        foreach (var proc in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                var environment = File.ReadAllText(Path.Combine(proc, "environ")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal) || environment.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(commandLine);
                }
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                // not ours
            }
        }
        return found;
    }
}

/// <summary>A cell that never ends, with a thread that never ends: the worker stops it, the parent ends the process tree.</summary>
public class WorkerTimeoutTests
{
    [Fact]
    public void Build_RunawayCellAndThread_NotebookFailsAtTheTimeout_NoProcessLeft()
    {
        var marker = "runaway-" + Guid.NewGuid().ToString("N");
        var (notebooks, output) = WorkerIsolationTests.Fixture("runaway",
            ("01-runaway", [Cell.Code(
                $"Environment.SetEnvironmentVariable(\"GC_TEST_MARKER\", \"{marker}\");\n" +
                "var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(\"sleep\", \"600\") { UseShellExecute = false });\n" +
                "new System.Threading.Thread(() => { while (true) { } }) { IsBackground = false }.Start();\nwhile (true) { }"), Cell.Code("1")]),
            ("02-after", [Cell.Code("2")]));

        var result = Run("build", "--notebooks", notebooks, "--out", output, "--no-site", "--timeout", "3");

        Assert.True(result.ExitCode == 1, result.ToString());
        WorkerIsolationTests.AssertSays(result, "FAILED 01-runaway: cell 1 (id 'c0') exceeded the 3 s timeout (--timeout); the worker was stopped");
        Assert.Matches(@"02-after\s+passed\s+1/1", result.Stdout);
        var cells = CodeCells(WorkerIsolationTests.Executed(output, "01-runaway"));
        Assert.Equal("TimeoutException", cells[0]["outputs"]![0]!["ename"]!.GetValue<string>());
        Assert.Null(cells[1]["execution_count"]);
        Assert.Empty(WorkerIsolationTests.ProcessesMentioning(marker));
    }
}

/// <summary>Managed and native memory bombs end with "out of memory", not a timeout or a dead build.</summary>
public class WorkerMemoryTests
{
    [Fact]
    public void Build_ManagedAndNativeMemoryBombs_FailWithOutOfMemoryAndTheLimit()
    {
        var (notebooks, output) = WorkerIsolationTests.Fixture("bombs",
            ("01-managed", [Cell.Code("var keep = new List<byte[]>();\nwhile (true) { keep.Add(new byte[8_000_000]); }")]),
            ("02-native", [Cell.Code(
                "var block = new byte[50_000_000];\nArray.Fill(block, (byte)1);\nvar held = new List<IntPtr>();\n" +
                "while (true) { var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(block.Length); " +
                "System.Runtime.InteropServices.Marshal.Copy(block, 0, p, block.Length); held.Add(p); }")]));

        var result = Run("build", "--notebooks", notebooks, "--out", output, "--no-site", "--memory", "512");

        Assert.True(result.ExitCode == 1, result.ToString());
        WorkerIsolationTests.AssertSays(result, "FAILED 01-managed: out of memory (limit 512 MB) in cell 1 (id 'c0')");
        WorkerIsolationTests.AssertSays(result, "FAILED 02-native: out of memory (limit 512 MB): the worker used more than 1536 MB in cell 1 (id 'c0')");
        Assert.Equal("OutOfMemoryException", CodeCells(WorkerIsolationTests.Executed(output, "02-native"))[0]["outputs"]![0]!["ename"]!.GetValue<string>());
    }
}
