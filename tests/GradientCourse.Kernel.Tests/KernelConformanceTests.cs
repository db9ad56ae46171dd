using System.Text.Json.Nodes;
using GradientCourse.Tests.Probes;

namespace GradientCourse.Kernel.Tests;

/// <summary>Every notebook runs on the official C# kernel (the pinned Microsoft.dotnet-interactive tool) without an
/// error, and its outputs equal the course runner's cell by cell: the same stream text, the same charts (Plotly figure
/// data and layout), the same values. The only differences forgiven are the rules in <see cref="Outputs"/>.</summary>
public class KernelConformanceTests
{
    public static TheoryData<string> Notebooks() => new(Paths.Notebooks);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task JupyterKernel_RunsNotebook_WithoutErrorAndAsTheRunner(string notebook)
    {
        var runs = await CourseRuns.GetAsync();

        var kernel = runs.JupyterCopy(notebook);

        AssertRanEveryCell(kernel, notebook, runs.Jupyter);
        AssertSameOutputs(kernel, runs.RunnerCopy(notebook), notebook + " through Jupyter");
    }

    [Fact]
    public async Task PolyglotStdioKernel_RunsNotebook_AsTheRunner()
    {
        var runs = await CourseRuns.GetAsync();

        AssertSameOutputs(runs.Stdio, runs.RunnerCopy(CourseRuns.StdioNotebook), CourseRuns.StdioNotebook + " through dotnet-interactive stdio");
    }

    [Fact]
    public async Task JupyterKernel_LoadsPackagesFromThePrivateFolder_NeverTheUsersCache()
    {
        var runs = await CourseRuns.GetAsync();
        var environment = await KernelEnvironment.GetAsync();

        // The kernel names the file it loads Plotly.NET.Interactive's extension from: in every notebook, a file of the
        // private package folder (a resolution cached under the user's HOME would name the user's NuGet cache).
        foreach (var notebook in Paths.Notebooks)
        {
            var loaded = Notebook.CodeCells(runs.JupyterCopy(notebook))
                .SelectMany(c => c["outputs"]!.AsArray())
                .Select(o => o!["data"]?["text/plain"] is { } text ? Notebook.Text(text) : "")
                .Where(t => t.StartsWith("Loading extensions from `", StringComparison.Ordinal))
                .Select(t => t["Loading extensions from `".Length..].Split('`')[0])
                .ToList();
            Assert.True(loaded.Count > 0, $"{notebook}: the kernel reported loading no extension");
            Assert.All(loaded, path => Assert.StartsWith(environment.PackageFolder + "/", path, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task JupyterKernel_SetupCell_LoadsTheLibrariesOnItsOwnThread_AndEachOnlyOnce()
    {
        // The setup cell's background chart warm-up must find every assembly it uses already loaded (SetupProbeCells
        // says why): on this kernel, without that, GradientCourse, Plotly.NET.CSharp and Giraffe.ViewEngine were still
        // unloaded when the setup cell returned.
        var runs = await CourseRuns.GetAsync();

        var probe = Notebook.CodeCells(runs.JupyterCopy(CourseRuns.SetupProbeNotebook));

        Assert.Equal(SetupProbeCells.Expected(), probe.Select(c => string.Concat(Outputs.Normalise(c["outputs"]!.AsArray(), fromKernel: true)
            .OfType<StreamOutput>().Select(s => s.Text))));
    }

    [Fact]
    public void NotebookPackages_AreTheCoursePins()
    {
        // The private package folder is filled from the notebooks' own #r lines; TorchSharp (notebook 08) must be one.
        Assert.Contains(KernelEnvironment.NotebookPackages(), p => p.Id == "TorchSharp-cpu");
    }

    private static void AssertRanEveryCell(JsonObject kernel, string notebook, ProcessResult jupyter)
    {
        var cells = Notebook.CodeCells(kernel);
        var notRun = cells.Where(c => c["execution_count"] is null).Select(Notebook.Id).ToList();
        Assert.True(notRun.Count == 0, $"{notebook}: cells not run on the kernel: {string.Join(", ", notRun)}\n{jupyter}");
    }

    private static void AssertSameOutputs(JsonObject kernel, JsonObject runner, string label)
    {
        var runnerCells = Notebook.CodeCells(runner).ToDictionary(Notebook.Id);
        var problems = new List<string>();
        foreach (var cell in Notebook.CodeCells(kernel))
        {
            var id = Notebook.Id(cell);
            var kernelOutputs = Outputs.Normalise(cell["outputs"]!.AsArray(), fromKernel: true);
            foreach (var error in kernelOutputs.OfType<ErrorOutput>())
            {
                problems.Add($"cell '{id}': the kernel reported {error.Text}");
            }

            if (!runnerCells.TryGetValue(id, out var runnerCell))
            {
                problems.Add($"cell '{id}': not in the runner's copy");
                continue;
            }

            var runnerOutputs = Outputs.Normalise(runnerCell["outputs"]!.AsArray(), fromKernel: false);
            if (kernelOutputs.Count != runnerOutputs.Count)
            {
                problems.Add($"cell '{id}': {kernelOutputs.Count} outputs on the kernel ({string.Join("; ", kernelOutputs.Select(Outputs.Describe))}), "
                    + $"{runnerOutputs.Count} in the runner ({string.Join("; ", runnerOutputs.Select(Outputs.Describe))})");
                continue;
            }

            for (var i = 0; i < kernelOutputs.Count; i++)
            {
                if (Outputs.Difference(kernelOutputs[i], runnerOutputs[i]) is { } difference)
                {
                    problems.Add($"cell '{id}', output {i}: {difference}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{label} differs from the course runner:\n{string.Join("\n", problems)}");
    }
}
