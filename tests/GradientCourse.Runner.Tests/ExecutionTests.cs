using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>The runner behaves like the .NET Interactive C# kernel for what the course uses.</summary>
public class ExecutionTests
{
    [Fact]
    public void Cells_ShareVariablesTypesAndUsings_StateCarriesAcross()
    {
        var dir = TempDirectory("state");
        WriteNotebook(dir, "state",
            Cell.Md("# State"),
            Cell.Code("using System.Text.Json;\nvar x = 20;\nrecord Pair(int A, int B);"),
            Cell.Code("var p = new Pair(1, 1);\nx + p.A + JsonSerializer.Serialize(p).Length - 13"));

        var (result, executed) = RunNotebook(dir, "state");

        Assert.True(result.ExitCode == 0, result.ToString());
        var cells = CodeCells(executed!);
        Assert.Equal(1, cells[0]["execution_count"]!.GetValue<int>());
        Assert.Equal(2, cells[1]["execution_count"]!.GetValue<int>());
        var value = cells[1]["outputs"]!.AsArray().Single()!;
        Assert.Equal("21", Text(value["data"]!["text/plain"])); // 20 + 1 + len({"A":1,"B":1}) - 13
    }

    [Fact]
    public void TrailingExpression_ProducesExecuteResult_WithDniPlaintextHtml()
    {
        var dir = TempDirectory("result");
        WriteNotebook(dir, "result", Cell.Code("var answer = 41;\nanswer + 1"), Cell.Code("var quiet = 1;"));

        var (result, executed) = RunNotebook(dir, "result");

        Assert.True(result.ExitCode == 0, result.ToString());
        var cells = CodeCells(executed!);
        var output = cells[0]["outputs"]!.AsArray().Single()!;
        Assert.Equal("execute_result", output["output_type"]!.GetValue<string>());
        Assert.Equal(1, output["execution_count"]!.GetValue<int>());
        Assert.Contains("<div class=\"dni-plaintext\"><pre>42</pre></div>", Text(output["data"]!["text/html"]), StringComparison.Ordinal);
        Assert.Equal("42", Text(output["data"]!["text/plain"]));
        Assert.Empty(cells[1]["outputs"]!.AsArray()); // a statement has no value
    }

    [Fact]
    public void ConsoleAndDisplay_ProduceStreamAndDisplayData_InOrder()
    {
        var dir = TempDirectory("display");
        WriteNotebook(dir, "display", Cell.Code("Console.WriteLine(\"before\");\ndisplay(\"text\");\nConsole.Write(\"after\");"));

        var (result, executed) = RunNotebook(dir, "display");

        Assert.True(result.ExitCode == 0, result.ToString());
        var outputs = CodeCells(executed!)[0]["outputs"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.Equal(["stream", "display_data", "stream"], outputs.Select(o => o["output_type"]!.GetValue<string>()));
        Assert.Equal("stdout", outputs[0]["name"]!.GetValue<string>());
        Assert.Equal("before\n", Text(outputs[0]["text"]));
        Assert.Equal("text", Text(outputs[1]["data"]!["text/plain"]));
        Assert.Equal("after", Text(outputs[2]["text"]));
    }

    [Fact]
    public void Exception_StopsNotebook_ReportsCellAndFails()
    {
        var dir = TempDirectory("throws");
        WriteNotebook(dir, "throws",
            Cell.Code("Console.WriteLine(\"ok\");"),
            Cell.Code("Console.WriteLine(\"partial\");\nthrow new InvalidOperationException(\"boom\");"),
            Cell.Code("Console.WriteLine(\"never\");"));

        var (result, executed) = RunNotebook(dir, "throws");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cell 2 (id 'c1')", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAILED", result.Stdout, StringComparison.Ordinal);
        var cells = CodeCells(executed!);
        var outputs = cells[1]["outputs"]!.AsArray();
        Assert.Equal("partial\n", Text(outputs[0]!["text"]));
        var error = outputs[^1]!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("boom", error["evalue"]!.GetValue<string>());
        Assert.NotEmpty(error["traceback"]!.AsArray());
        Assert.Empty(cells[2]["outputs"]!.AsArray());
        Assert.Null(cells[2]["execution_count"]);
    }

    [Fact]
    public void CompileError_GivesErrorOutput_WithCellLineAndCode()
    {
        var dir = TempDirectory("compile");
        WriteNotebook(dir, "compile", Cell.Code("var a = 1;\nvar b = undefinedName + 1;"));

        var (result, executed) = RunNotebook(dir, "compile");

        Assert.NotEqual(0, result.ExitCode);
        var error = CodeCells(executed!)[0]["outputs"]!.AsArray().Single()!;
        Assert.Equal("CompilationError", error["ename"]!.GetValue<string>());
        Assert.Contains("cell 1 (id 'c0'), line 2", error["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("CS0103", error["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void RelativePaths_ResolveFromNotebookFolder_AsInTheKernel()
    {
        var dir = TempDirectory("cwd");
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        File.WriteAllText(Path.Combine(dir, "data", "value.txt"), "42");
        var notebooks = Path.Combine(dir, "notebooks");
        Directory.CreateDirectory(notebooks);
        WriteNotebook(notebooks, "cwd", Cell.Code("System.IO.File.ReadAllText(\"../data/value.txt\")"));

        var (result, executed) = RunNotebook(notebooks, "cwd");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("42", Text(CodeCells(executed!)[0]["outputs"]![0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void NuGetReference_PinnedVersion_LoadsPackage()
    {
        var dir = TempDirectory("nuget");
        WriteNotebook(dir, "nuget", Cell.Code("#r \"nuget: MathNet.Numerics, 5.0.0\"\nMathNet.Numerics.SpecialFunctions.Factorial(5)"));

        var (result, executed) = RunNotebook(dir, "nuget");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("120", Text(CodeCells(executed!)[0]["outputs"]![0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void NuGetReference_PackageNotShippedByRunner_ResolvesFromNuGetFolder_OrSaysRestore()
    {
        // A fake packages folder: "FsCheck 3.6.0" (pinned, but not shipped with the runner) whose lib/net8.0 holds the
        // course library; it checks the general lib/<framework> resolution. (TorchSharp-cpu is shipped with the runner
        // since notebook 08 needs its patched native libraries: see TorchSharpNotebookTests.)
        var dir = TempDirectory("cache");
        var packages = Path.Combine(dir, "packages");
        var lib = Path.Combine(packages, "fscheck", "3.6.0", "lib", "net8.0");
        Directory.CreateDirectory(lib);
        File.Copy(LibraryDll, Path.Combine(lib, "GradientCourse.dll"));
        File.WriteAllText(Path.Combine(packages, "fscheck", "3.6.0", "fscheck.nuspec"),
            "<package><metadata><id>FsCheck</id><version>3.6.0</version></metadata></package>");
        WriteNotebook(dir, "cache", Cell.Code("#r \"nuget: FsCheck, 3.6.0\"\ntypeof(GradientCourse.Matrix).Assembly.Location"));
        var notebook = Path.Combine(dir, "cache.ipynb");

        var found = Run(new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages }, "run", notebook, "--out", Path.Combine(dir, "out1"));
        var missing = Run(new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir, "empty") }, "run", notebook, "--out", Path.Combine(dir, "out2"));

        Assert.True(found.ExitCode == 0, found.ToString());
        var executed = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out1", "notebooks", "cache.ipynb")))!.AsObject();
        Assert.Equal(Path.Combine(lib, "GradientCourse.dll"), Text(CodeCells(executed)[0]["outputs"]![0]!["data"]!["text/plain"]));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("package FsCheck 3.6.0 is neither shipped with the runner nor in the NuGet packages folder", missing.Stdout, StringComparison.Ordinal);
        Assert.Contains("cell 1 (id 'c0')", missing.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NuGetReference_VersionMismatch_ErrorNamesCellLineAndPin()
    {
        var dir = TempDirectory("pin");
        WriteNotebook(dir, "pin", Cell.Code("var a = 1;"), Cell.Code("// packages\n#r \"nuget: MathNet.Numerics, 4.15.0\""));

        var (result, executed) = RunNotebook(dir, "pin");

        Assert.NotEqual(0, result.ExitCode);
        var error = CodeCells(executed!)[1]["outputs"]!.AsArray().Single()!["evalue"]!.GetValue<string>();
        Assert.Contains("cell 2 (id 'c1'), line 2", error, StringComparison.Ordinal);
        Assert.Contains("pinned version 5.0.0", error, StringComparison.Ordinal);
        Assert.Contains("4.15.0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NuGetReference_UnpinnedPackage_ErrorSaysPinIt()
    {
        var dir = TempDirectory("unpinned");
        WriteNotebook(dir, "unpinned", Cell.Code("#r \"nuget: Newtonsoft.Json, 13.0.3\""));

        var (result, executed) = RunNotebook(dir, "unpinned");

        Assert.NotEqual(0, result.ExitCode);
        var error = CodeCells(executed!)[0]["outputs"]!.AsArray().Single()!["evalue"]!.GetValue<string>();
        Assert.Contains("'Newtonsoft.Json' is not pinned in Directory.Packages.props", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Magic_CSharpIsAccepted_OtherMagicIsAnError()
    {
        var dir = TempDirectory("magic");
        WriteNotebook(dir, "magic", Cell.Code("#!csharp\n1 + 1"), Cell.Code("var x = 1;\n#!fsharp\nlet y = 2"));

        var (result, executed) = RunNotebook(dir, "magic");

        Assert.NotEqual(0, result.ExitCode);
        var cells = CodeCells(executed!);
        Assert.Equal("2", Text(cells[0]["outputs"]![0]!["data"]!["text/plain"]));
        var error = cells[1]["outputs"]!.AsArray().Single()!["evalue"]!.GetValue<string>();
        Assert.Contains("cell 2 (id 'c1'), line 2", error, StringComparison.Ordinal);
        Assert.Contains("'#!fsharp'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeout_StopsNotebook_AndReportsIt()
    {
        var dir = TempDirectory("timeout");
        WriteNotebook(dir, "timeout", Cell.Code("while (true) { }"), Cell.Code("1"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var (result, executed) = RunNotebook(dir, "timeout", "--timeout", "2");

        Assert.NotEqual(0, result.ExitCode);
        // Stopped, not hung: far below what an endless loop would take (generous for a busy machine: worker start and warm-up).
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(5), $"took {watch.Elapsed}");
        var cells = CodeCells(executed!);
        var error = cells[0]["outputs"]!.AsArray().Single()!;
        Assert.Equal("TimeoutException", error["ename"]!.GetValue<string>());
        Assert.Contains("cell 1 (id 'c0') exceeded the 2 s timeout (--timeout); the worker was stopped", error["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(cells[1]["execution_count"]);
    }

    [Fact]
    public void RelativeReference_ResolvesAgainstNotebookFolder()
    {
        var dir = TempDirectory("relative");
        var library = Path.GetRelativePath(dir, LibraryDll).Replace('\\', '/');
        WriteNotebook(dir, "relative", Cell.Code($"#r \"{library}\"\ntypeof(GradientCourse.Matrix).Assembly.GetName().Name"));

        var (result, executed) = RunNotebook(dir, "relative");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("GradientCourse", Text(CodeCells(executed!)[0]["outputs"]![0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void Build_PrintsSummaryTable_AndFailsIfAnyNotebookFails()
    {
        var dir = TempDirectory("summary");
        var notebooks = Path.Combine(dir, "nb");
        Directory.CreateDirectory(notebooks);
        WriteNotebook(notebooks, "01-good", Cell.Md("# Good one"), Cell.Code("1"));
        WriteNotebook(notebooks, "02-bad", Cell.Md("# Bad one"), Cell.Code("throw new Exception(\"x\");"));

        var result = Run("build", "--notebooks", notebooks, "--out", Path.Combine(dir, "out"), "--no-site");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches(@"notebook\s+status\s+cells\s+time\s+slowest cell", result.Stdout);
        Assert.Matches(@"01-good\s+passed\s+1/1", result.Stdout);
        Assert.Matches(@"02-bad\s+FAILED\s+1/1", result.Stdout);
        Assert.Contains("slowest cells", result.Stdout, StringComparison.Ordinal);
        Assert.True(result.Stdout.IndexOf("== 01-good", StringComparison.Ordinal) < result.Stdout.IndexOf("== 02-bad", StringComparison.Ordinal));

        var only = Run("build", "--notebooks", notebooks, "--out", Path.Combine(dir, "out2"), "--no-site", "--only", "01-good");
        Assert.True(only.ExitCode == 0, only.ToString());
        Assert.DoesNotContain("02-bad", only.Stdout, StringComparison.Ordinal);
    }
}
