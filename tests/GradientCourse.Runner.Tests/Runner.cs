using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace GradientCourse.Runner.Tests;

/// <summary>Finds the repository and the built runner, writes fixture notebooks, and runs the runner as a process.</summary>
internal static class Runner
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The configuration the tests were built in (Debug or Release); the runner was built in the same.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string RunnerDll { get; } =
        Path.Combine(RepoRoot, "src", "GradientCourse.Runner", "bin", Configuration, "net10.0", "GradientCourse.Runner.dll");

    /// <summary>The course library as notebooks reference it.</summary>
    public static string LibraryDll { get; } =
        Path.Combine(RepoRoot, "src", "GradientCourse", "bin", "Debug", "net10.0", "GradientCourse.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradientCourse.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("GradientCourse.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh temporary folder for one test.</summary>
    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "gc-runner-tests", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs <c>gradientcourse args…</c>; returns exit code and output.</summary>
    public static RunResult Run(params string[] args) => Run(null, args);

    /// <summary>Runs the runner with extra environment variables.</summary>
    public static RunResult Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        Assert.True(File.Exists(RunnerDll), $"runner not built at {RunnerDll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(RunnerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hung runner only: the whole course on a busy 2-core machine takes over 10 minutes.
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("runner did not finish within 20 minutes: " + string.Join(' ', args));
        }
        return new RunResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Writes a notebook with the course's metadata (as in the template) and the given cells.</summary>
    public static string WriteNotebook(string directory, string name, params Cell[] cells)
    {
        var cellsJson = new JsonArray();
        var i = 0;
        foreach (var cell in cells)
        {
            var json = new JsonObject
            {
                ["cell_type"] = cell.Markdown ? "markdown" : "code",
                ["id"] = $"c{i++}",
                ["metadata"] = new JsonObject(),
                ["source"] = cell.Source,
            };
            if (!cell.Markdown)
            {
                json["execution_count"] = null;
                json["outputs"] = new JsonArray();
            }
            cellsJson.Add(json);
        }
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "C#" },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["kernelInfo"] = new JsonObject
                    {
                        ["defaultKernelName"] = "csharp",
                        ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
                    },
                },
            },
            ["cells"] = cellsJson,
        };
        var path = Path.Combine(directory, name + ".ipynb");
        File.WriteAllText(path, notebook.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), new UTF8Encoding(false));
        return path;
    }

    /// <summary>Runs one fixture notebook with <c>run</c>; returns the result and the executed notebook (if written).</summary>
    public static (RunResult Result, JsonObject? Executed) RunNotebook(string directory, string name, params string[] extra)
    {
        var output = Path.Combine(directory, "out");
        var result = Run([.. new[] { "run", Path.Combine(directory, name + ".ipynb"), "--out", output }, .. extra]);
        var executedPath = Path.Combine(output, "notebooks", name + ".ipynb");
        var executed = File.Exists(executedPath) ? (JsonObject)JsonNode.Parse(File.ReadAllText(executedPath))! : null;
        return (result, executed);
    }

    /// <summary>The code cells of an executed notebook.</summary>
    public static List<JsonObject> CodeCells(JsonObject notebook) =>
        notebook["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => c["cell_type"]!.GetValue<string>() == "code").ToList();

    /// <summary>All a code cell wrote to standard output, in order.</summary>
    public static string Stdout(JsonObject cell) => string.Concat(cell["outputs"]!.AsArray()
        .Where(o => o!["output_type"]!.GetValue<string>() == "stream" && o["name"]!.GetValue<string>() == "stdout")
        .Select(o => Text(o!["text"])));

    /// <summary>Joins an nbformat multiline string.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };

    /// <summary>The setup lines of the course template, library path relative to <paramref name="notebookDirectory"/>.</summary>
    public static string SetupCell(string notebookDirectory, bool withFSharpCoreHandler = true)
    {
        var library = Path.GetRelativePath(notebookDirectory, LibraryDll).Replace('\\', '/');
        var text = new StringBuilder()
            .Append("#r \"nuget: MathNet.Numerics, 5.0.0\"\n")
            .Append("#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n")
            .Append("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n")
            .Append("#r \"").Append(library).Append("\"\n")
            .Append("using GradientCourse;\n");
        if (withFSharpCoreHandler)
        {
            text.Append("var fsharpCore = AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == \"FSharp.Core\");\n")
                .Append("System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (_, name) => name.Name == \"FSharp.Core\" ? fsharpCore : null;");
        }
        return text.ToString();
    }

    /// <summary>A cell making a small Plotly.NET chart as its value.</summary>
    public const string ChartCell = "Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2, 3 }, y: new[] { 1.0, 4, 9 })";
}

internal sealed record Cell(string Source, bool Markdown = false)
{
    public static Cell Code(string source) => new(source);

    public static Cell Md(string source) => new(source, true);
}

internal sealed record RunResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
