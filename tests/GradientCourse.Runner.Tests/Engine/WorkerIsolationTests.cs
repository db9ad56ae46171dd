using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>Each notebook runs in its own worker process: what its code does to that process fails that notebook
/// with a reason naming the cell, and the build goes on to the summary and the executed copies.</summary>
public class WorkerIsolationTests
{
    [Fact]
    public void Build_NotebooksThatKillTheirProcess_FailWithReasons_OthersRun_SummaryAndCopiesWritten()
    {
        var dir = TempDirectory("isolation");
        var notebooks = Path.Combine(dir, "nb");
        Directory.CreateDirectory(notebooks);
        WriteNotebook(notebooks, "01-exit", Cell.Code("Console.WriteLine(\"before\");"), Cell.Code("Environment.Exit(3);"), Cell.Code("1"));
        WriteNotebook(notebooks, "02-recursion", Cell.Code("int Down(int n) => Down(n + 1) + 1;\nDown(0)"));
        WriteNotebook(notebooks, "03-runaway",
            Cell.Code("new System.Threading.Thread(() => { while (true) { } }) { IsBackground = false }.Start();\nwhile (true) { }"));
        WriteNotebook(notebooks, "04-managed-bomb", Cell.Code("var keep = new List<byte[]>();\nwhile (true) { keep.Add(new byte[8_000_000]); }"));
        WriteNotebook(notebooks, "05-native-bomb", Cell.Code(
            "var block = new byte[50_000_000];\nArray.Fill(block, (byte)1);\nvar held = new List<IntPtr>();\n" +
            "while (true) { var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(block.Length); " +
            "System.Runtime.InteropServices.Marshal.Copy(block, 0, p, block.Length); held.Add(p); }"));
        WriteNotebook(notebooks, "06-fine", Cell.Code("\"still here\""));
        var output = Path.Combine(dir, "out");

        var result = Run("build", "--notebooks", notebooks, "--out", output, "--no-site", "--timeout", "30", "--memory", "512");

        Assert.True(result.ExitCode == 1, result.ToString());
        var stdout = result.Stdout;
        Assert.True(stdout.Contains("FAILED 01-exit: the notebook's code ended the process with exit code 3 in cell 2 (id 'c1')", StringComparison.Ordinal), result.ToString());
        Assert.True(stdout.Contains("FAILED 02-recursion: stack overflow in cell 1 (id 'c0')", StringComparison.Ordinal), result.ToString());
        Assert.True(stdout.Contains("FAILED 03-runaway: cell 1 (id 'c0') exceeded the 30 s timeout (--timeout); the worker was stopped", StringComparison.Ordinal), result.ToString());
        Assert.True(stdout.Contains("FAILED 04-managed-bomb: out of memory (limit 512 MB) in cell 1 (id 'c0')", StringComparison.Ordinal), result.ToString());
        Assert.True(stdout.Contains("FAILED 05-native-bomb: out of memory (limit 512 MB)", StringComparison.Ordinal), result.ToString());
        Assert.Matches(@"06-fine\s+passed\s+1/1", stdout);
        Assert.True(stdout.Contains("6 notebook(s), 5 failed", StringComparison.Ordinal), result.ToString());

        foreach (var name in new[] { "01-exit", "02-recursion", "03-runaway", "04-managed-bomb", "05-native-bomb", "06-fine" })
        {
            Assert.True(File.Exists(Path.Combine(output, "notebooks", name + ".ipynb")), name + ": no executed copy");
        }
        var exit = CodeCells(Executed(output, "01-exit"));
        Assert.Equal("before\n", Text(exit[0]["outputs"]![0]!["text"]));
        Assert.Equal(2, exit[1]["execution_count"]!.GetValue<int>());
        Assert.Equal("WorkerExited", exit[1]["outputs"]![0]!["ename"]!.GetValue<string>());
        Assert.Null(exit[2]["execution_count"]);
        Assert.Equal("still here", Text(CodeCells(Executed(output, "06-fine"))[0]["outputs"]![0]!["data"]!["text/plain"]));
        Assert.Empty(WorkersStillRunning(notebooks));
    }

    private static JsonObject Executed(string output, string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, "notebooks", name + ".ipynb")))!.AsObject();

    /// <summary>Processes whose command line names the fixture folder (a worker the parent failed to end).</summary>
    private static List<string> WorkersStillRunning(string folder)
    {
        var found = new List<string>();
        foreach (var proc in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("notebook-worker", StringComparison.Ordinal) && commandLine.Contains(folder, StringComparison.Ordinal))
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
