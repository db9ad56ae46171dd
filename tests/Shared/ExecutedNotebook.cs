using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// A course notebook executed by the course's own runner (the same path as <c>GradientCourse.Runner run</c>), read back
/// as JSON: claims tests assert on what the notebook itself printed, so editing a notebook can never leave a test
/// checking a re-typed copy. Each notebook runs once per test process; the executed copy is cached on disk by the
/// hash of the notebook, of every assembly it loads with <c>#r "…dll"</c> and of the runner, so an unchanged notebook
/// is not run again. Compiled into every test project that checks notebooks (tests/Shared); the project must build
/// the runner first (a ProjectReference with ReferenceOutputAssembly="false", as GradientCourse.Tests and
/// GradientCourse.Torch.Tests do).
/// </summary>
internal sealed partial class ExecutedNotebook
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
    public string Output(string cellId) => OutputText(Cell(cellId));

    /// <summary>Every output of a code cell in the MIME type <paramref name="mimeType"/> (e.g. "text/html": its charts), in order.</summary>
    public IReadOnlyList<string> Data(string cellId, string mimeType)
    {
        return Cell(cellId)["outputs"] is JsonArray outputs
            ? outputs.Select(o => o?["data"]?[mimeType]).OfType<JsonNode>().Select(Text).ToList()
            : [];
    }

    /// <summary>Asserts that every chart (text/html output of a code cell) is shorter than <paramref name="characters"/>.</summary>
    public void AssertEveryChartUnder(int characters)
    {
        foreach (var (id, _, _, _) in Cells.Where(c => c.Type == "code"))
        {
            foreach (var html in Data(id, "text/html"))
            {
                Assert.True(html.Length < characters, $"{id}: chart HTML of {html.Length} characters (budget {characters / 1000} KB)");
            }
        }
    }

    /// <summary>The source of a cell (markdown or code).</summary>
    public string Source(string cellId) => Text(Cell(cellId)["source"]);

    private JsonObject Cell(string cellId) =>
        cells.SingleOrDefault(c => Id(c) == cellId) ?? throw new KeyNotFoundException($"{Name} has no cell '{cellId}'");

    private static ExecutedNotebook Execute(string name)
    {
        var source = Path.Combine(RepoRoot, "notebooks", name + ".ipynb");
        Assert.True(File.Exists(source), $"no notebook {source}");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var runner = Path.Combine(RepoRoot, "src", "GradientCourse.Runner", "bin", configuration, "net10.0", "GradientCourse.Runner.dll");
        Assert.True(
            File.Exists(runner),
            $"The course runner is not built at {runner}. Build it with `dotnet build src/GradientCourse.Runner -c {configuration}` "
            + "(or the whole GradientCourse.sln); a test project that reads executed notebooks builds it first through a "
            + "<ProjectReference Include=\"..\\..\\src\\GradientCourse.Runner\\GradientCourse.Runner.csproj\" ReferenceOutputAssembly=\"false\" Private=\"false\" />.");

        var text = File.ReadAllText(source);
        var key = new StringBuilder(text).Append('\n').Append(Hash(runner));
        foreach (var dll in LoadedAssemblies(text))
        {
            Assert.True(File.Exists(dll), $"{name} loads {dll} (#r), which is not built: run `dotnet build src/GradientCourse.Runner` (it builds the course's libraries in Debug, where notebooks load them).");
            key.Append('\n').Append(Hash(dll));
        }

        var cacheDir = Path.Combine(Path.GetTempPath(), "gc-executed-notebooks", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..16]);
        var executed = Path.Combine(cacheDir, "notebooks", name + ".ipynb");
        if (!File.Exists(executed))
        {
            var outDir = cacheDir + "-" + Guid.NewGuid().ToString("N")[..8];
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

    /// <summary>The assemblies a notebook loads by path (<c>#r "../src/…/X.dll"</c>), as absolute paths.</summary>
    private static IEnumerable<string> LoadedAssemblies(string notebookJson)
    {
        var notebooks = Path.Combine(RepoRoot, "notebooks");
        return ReferenceByPath().Matches(notebookJson)
            .Select(m => Path.GetFullPath(Path.Combine(notebooks, m.Groups[1].Value)))
            .Distinct(StringComparer.Ordinal);
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

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

    // #r "../src/GradientCourse/bin/Debug/net10.0/GradientCourse.dll" inside a JSON string (quotes escaped)
    [GeneratedRegex(@"#r \\""([^""\\]+\.dll)\\""")]
    private static partial Regex ReferenceByPath();
}
