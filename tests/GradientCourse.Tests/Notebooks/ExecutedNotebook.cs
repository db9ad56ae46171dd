using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// A course notebook executed by the course's own runner (the same path as <c>GradientCourse.Runner run</c>), read back
/// as JSON: claims tests assert on what the notebook itself printed, so editing a notebook can never leave a test
/// checking a re-typed copy. Each notebook runs once per test process; the executed copy is cached on disk by the
/// hash of the notebook and the library it loads, so an unchanged notebook is not run again.
/// </summary>
internal sealed class ExecutedNotebook
{
    private static readonly ConcurrentDictionary<string, Lazy<ExecutedNotebook>> Cache = new();
    private readonly List<JsonObject> cells;

    private ExecutedNotebook(string name, JsonObject notebook)
    {
        Name = name;
        cells = notebook["cells"]!.AsArray().Select(c => c!.AsObject()).ToList();
    }

    /// <summary>The notebook's file name without extension, e.g. "03-vanishing-gradients".</summary>
    public string Name { get; }

    /// <summary>Every cell in order: (id, type "code"/"markdown", source, output text).</summary>
    public IReadOnlyList<(string Id, string Type, string Source, string Output)> Cells =>
        cells.Select(c => (Id(c), c["cell_type"]!.GetValue<string>(), Text(c["source"]), OutputText(c))).ToList();

    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The executed notebook <paramref name="name"/> (e.g. "03-vanishing-gradients"), run once per process.</summary>
    public static ExecutedNotebook Get(string name) => Cache.GetOrAdd(name, n => new Lazy<ExecutedNotebook>(() => Execute(n))).Value;

    /// <summary>The text a code cell printed (stream and text/plain outputs, concatenated).</summary>
    public string Output(string cellId)
    {
        var cell = cells.SingleOrDefault(c => Id(c) == cellId) ?? throw new KeyNotFoundException($"{Name} has no cell '{cellId}'");
        return OutputText(cell);
    }

    /// <summary>The source of a cell (markdown or code).</summary>
    public string Source(string cellId)
    {
        var cell = cells.SingleOrDefault(c => Id(c) == cellId) ?? throw new KeyNotFoundException($"{Name} has no cell '{cellId}'");
        return Text(cell["source"]);
    }

    private static ExecutedNotebook Execute(string name)
    {
        var source = Path.Combine(RepoRoot, "notebooks", name + ".ipynb");
        var library = Path.Combine(RepoRoot, "src", "GradientCourse", "bin", "Debug", "net10.0", "GradientCourse.dll");
        var libraryHash = File.Exists(library) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(library))) : string.Empty;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source) + "\n" + libraryHash)))[..16];
        var cacheDir = Path.Combine(Path.GetTempPath(), "gc-executed-notebooks", key);
        var executed = Path.Combine(cacheDir, "notebooks", name + ".ipynb");
        if (!File.Exists(executed))
        {
            var outDir = cacheDir + "-" + Guid.NewGuid().ToString("N")[..8];
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var runner = Path.Combine(RepoRoot, "src", "GradientCourse.Runner", "bin", configuration, "net10.0", "GradientCourse.Runner.dll");
            Assert.True(File.Exists(runner), $"runner not built at {runner}; build GradientCourse.sln");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
            foreach (var arg in new[] { runner, "run", source, "--out", outDir })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{name} did not finish within 10 minutes");
            }

            Assert.True(process.ExitCode == 0, $"{name} failed:\n{stdout.Result}\n{stderr.Result}");
            try
            {
                Directory.Move(outDir, cacheDir);
            }
            catch (IOException)
            {
                // another process cached the same key first: use theirs
            }
        }

        return new ExecutedNotebook(name, JsonNode.Parse(File.ReadAllText(executed))!.AsObject());
    }

    private static string Id(JsonObject cell) => cell["id"]?.GetValue<string>() ?? string.Empty;

    private static string Text(JsonNode? source) =>
        source is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : source?.GetValue<string>() ?? string.Empty;

    private static string OutputText(JsonObject cell)
    {
        if (cell["outputs"] is not JsonArray outputs)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var output in outputs.Select(o => o!.AsObject()))
        {
            if (output["text"] is { } stream)
            {
                text.Append(Text(stream));
            }
            else if (output["data"]?["text/plain"] is { } plain)
            {
                text.Append(Text(plain)).Append('\n');
            }
        }

        return text.ToString();
    }

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
}
