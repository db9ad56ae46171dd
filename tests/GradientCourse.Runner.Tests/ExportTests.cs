using System.Diagnostics;
using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>The export verb: every notebook as a .NET 10 file-based app that the SDK runs, printing what the
/// notebook prints.</summary>
public class ExportTests
{
    /// <summary>Two course notebooks run for real with <c>dotnet run NN-topic.cs</c> (the others are compiled by export).</summary>
    public static readonly TheoryData<string> RunNotebooks = new() { "01-chain-rule", "04-exploding-gradients" };

    private static readonly Lazy<(string Directory, RunResult Result)> Exported = new(() =>
    {
        var directory = TempDirectory("export");
        return (directory, Run("export", "--out", directory));
    });

    [Fact]
    public void Export_EveryCourseNotebook_WritesAFileBasedAppThatCompiles()
    {
        var (directory, result) = Exported.Value;
        Assert.True(result.ExitCode == 0, result.ToString());
        var notebooks = Directory.GetFiles(Path.Combine(RepoRoot, "notebooks"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(10, notebooks.Count);
        foreach (var name in notebooks)
        {
            Assert.Contains($"{name}.cs: ", result.Stdout, StringComparison.Ordinal);
            var source = File.ReadAllText(Path.Combine(directory, name + ".cs"));
            var lines = source.Split('\n');
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("#r ", StringComparison.Ordinal));
            Assert.Contains("#:package Plotly.NET.CSharp@0.14.0", lines);
            Assert.Contains(lines, l => l.StartsWith("#:project ", StringComparison.Ordinal) && l.EndsWith("/src/GradientCourse/GradientCourse.csproj", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("#:project ", StringComparison.Ordinal) && l.EndsWith("/src/GradientCourse.Charts/GradientCourse.Charts.csproj", StringComparison.Ordinal));
            Assert.DoesNotContain("Plotly.NET.Interactive", source, StringComparison.Ordinal);
            // Every using directive stands before the first statement.
            var firstStatement = Array.FindIndex(lines, l => l.StartsWith("NotebookOutput.Start(", StringComparison.Ordinal));
            Assert.True(firstStatement > 0, name);
            Assert.DoesNotContain(lines.Skip(firstStatement), l => l.StartsWith("using ", StringComparison.Ordinal));
        }
        Assert.Contains("== export: 10 of 10 notebooks", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "plotly-2.28.0.min.js")));
    }

    [Fact]
    public void Export_ScriptOnlySyntax_BecomesValidCSharp()
    {
        var directory = TempDirectory("export-script");
        WriteNotebook(directory, "script",
            Cell.Code(SetupCell(directory)),
            Cell.Md("Prose\n\nwith a blank line"),
            Cell.Code("var x = 1;\nint Twice(int v) => 2 * v;\nConsole.WriteLine(Twice(x));"),
            Cell.Code("using System.Globalization;\nvar x = \"three\";\nConsole.WriteLine(x.Length.ToString(CultureInfo.InvariantCulture));\nx"),
            Cell.Code("int Twice(int v) => v + v + 0;\nConsole.WriteLine(Twice(x.Length))"),
            Cell.Code(ChartCell));
        var output = Path.Combine(directory, "export");
        var result = Run("export", "--notebooks", directory, "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        var source = File.ReadAllText(Path.Combine(output, "script.cs"));
        Assert.Contains("// Prose\n//\n// with a blank line\n", source, StringComparison.Ordinal);
        Assert.Contains("var x_2 = \"three\";", source, StringComparison.Ordinal);
        Assert.Contains("Console.WriteLine(x_2.Length.ToString(CultureInfo.InvariantCulture));", source, StringComparison.Ordinal);
        Assert.Contains("NotebookOutput.Display(x_2);", source, StringComparison.Ordinal);
        Assert.Contains("int Twice_2(int v) => v + v + 0;", source, StringComparison.Ordinal);
        Assert.Contains("Console.WriteLine(Twice_2(x_2.Length));", source, StringComparison.Ordinal); // void: no Display
        Assert.Contains("NotebookOutput.Display(Plotly.NET.CSharp.Chart.Line", source, StringComparison.Ordinal);
        Assert.Contains("// var fsharpCore =", source, StringComparison.Ordinal);
        Assert.True(source.IndexOf("using System.Globalization;", StringComparison.Ordinal) < source.IndexOf("NotebookOutput.Start(", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RunNotebooks))]
    public void ExportedNotebook_DotnetRun_PrintsTheRunnersStreamOutput(string name)
    {
        var (directory, exported) = Exported.Value;
        Assert.True(exported.ExitCode == 0, exported.ToString());

        var runnerOut = TempDirectory("export-runner");
        var run = Run("run", Path.Combine(RepoRoot, "notebooks", name + ".ipynb"), "--out", runnerOut, "--no-images");
        Assert.True(run.ExitCode == 0, run.ToString());
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(runnerOut, "notebooks", name + ".ipynb")))!.AsObject();
        // Hidden-test cells (ex-NN-k-hidden) are instructor-only and not exported: their probe lines are not expected.
        var expected = string.Concat(CodeCells(executed).Where(c => !c["id"]!.GetValue<string>().EndsWith("-hidden", StringComparison.Ordinal)).Select(Stdout));
        var charts = Png.ChartOutputs(executed).Count;

        var build = Dotnet(directory, "build", name + ".cs");
        Assert.True(build.ExitCode == 0, build.ToString());
        var program = Dotnet(directory, "run", "--no-build", name + ".cs");
        Assert.True(program.ExitCode == 0, program.ToString());
        Assert.Equal(expected.ReplaceLineEndings("\n"), program.Stdout.ReplaceLineEndings("\n"));
        Assert.True(expected.Length > 100, $"{name} prints only {expected.Length} characters");

        // Each chart the notebook shows is a standalone HTML page beside the program.
        var pages = Directory.GetFiles(directory, name + "-chart-*.html");
        Assert.Equal(charts, pages.Length);
        Assert.All(pages, p => Assert.Contains("Plotly.newPlot('chart'", File.ReadAllText(p), StringComparison.Ordinal));
    }

    private static RunResult Dotnet(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet " + string.Join(' ', args) + " did not finish within 10 minutes");
        }
        return new RunResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
