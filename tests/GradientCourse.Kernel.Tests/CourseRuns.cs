using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GradientCourse.Kernel.Tests;

/// <summary>Runs the whole course once per test run, side by side: the course runner (all notebooks), the real kernel
/// through Jupyter (all notebooks, one kernel per notebook, in order) and the real kernel through its stdio protocol
/// (<see cref="StdioNotebook"/>). The runner and the kernel's set-up run concurrently; the two kernel runs one after
/// the other, so that at most one kernel computes at a time.</summary>
internal sealed class CourseRuns
{
    /// <summary>The notebook also run as the Polyglot Notebooks extension runs it: charts, values, exercises.</summary>
    public const string StdioNotebook = "03-vanishing-gradients.ipynb";

    /// <summary>A notebook of two cells also run through Jupyter (<see cref="SetupProbe"/>).</summary>
    public const string SetupProbeNotebook = "setup-probe.ipynb";

    /// <summary>Generous: a cell that takes a second in the runner may take tens of seconds on a loaded machine.</summary>
    public static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task<CourseRuns>> Instance = new(RunAsync);

    private CourseRuns(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string RunnerNotebooks => Path.Combine(Root, "runner", "notebooks");

    public string JupyterNotebooks => Path.Combine(Root, "jupyter");

    public ProcessResult Runner { get; private set; } = null!;

    public ProcessResult Jupyter { get; private set; } = null!;

    public JsonObject Stdio { get; private set; } = null!;

    public KernelEnvironment Kernel { get; private set; } = null!;

    public static Task<CourseRuns> GetAsync() => Instance.Value;

    /// <summary>The runner's executed copy of a notebook (the runner must have written it).</summary>
    public JsonObject RunnerCopy(string notebook)
    {
        var path = Path.Combine(RunnerNotebooks, notebook);
        Assert.True(File.Exists(path), $"the runner wrote no {notebook}: {Runner}");
        return Notebook.Load(path);
    }

    /// <summary>The kernel's executed copy of a notebook through Jupyter.</summary>
    public JsonObject JupyterCopy(string notebook)
    {
        var path = Path.Combine(JupyterNotebooks, notebook);
        Assert.True(File.Exists(path), $"Jupyter wrote no {notebook}: {Jupyter}");
        return Notebook.Load(path);
    }

    private static async Task<CourseRuns> RunAsync()
    {
        var runs = new CourseRuns(Path.Combine(Path.GetTempPath(), "gc-kernel-tests", Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(runs.JupyterNotebooks);
        Assert.True(File.Exists(Paths.RunnerDll), $"runner not built at {Paths.RunnerDll}");
        Prerequisites.AssertJupyterClient();

        var runner = Processes.RunAsync(
            "dotnet",
            [Paths.RunnerDll, "build", "--no-site", "--out", Path.Combine(runs.Root, "runner")],
            Paths.RepoRoot,
            null,
            TimeSpan.FromMinutes(30));
        runs.Kernel = await KernelEnvironment.GetAsync();
        runs.Jupyter = await Processes.RunAsync(
            "/usr/bin/python3",
            [
                Path.Combine(AppContext.BaseDirectory, "run_jupyter.py"), KernelEnvironment.KernelName,
                ((int)CellTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), runs.JupyterNotebooks,
                .. Paths.Notebooks.Select(n => Path.Combine(Paths.NotebookFolder, n)),
                SetupProbe.Write(Path.Combine(runs.Root, "probe", SetupProbeNotebook)),
            ],
            Paths.NotebookFolder,
            runs.Kernel.Variables,
            TimeSpan.FromMinutes(60));
        runs.Stdio = await StdioKernel.RunAsync(runs.Kernel, Path.Combine(Paths.NotebookFolder, StdioNotebook), CellTimeout);
        runs.Runner = await runner;
        return runs;
    }
}

/// <summary>Tools the kernel tests need. ./course.sh test installs them; a missing one fails the test with the fix,
/// it never skips it.</summary>
internal static class Prerequisites
{
    public static void AssertJupyterClient()
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import nbclient, jupyter_client, nbformat"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        string detail;
        try
        {
            using var process = Process.Start(start)!;
            detail = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            detail = error.Message;
        }

        Assert.Fail("The real-kernel test drives Jupyter with Debian's python3-nbclient, python3-jupyter-client and "
            + "python3-nbformat (for /usr/bin/python3). Run ./course.sh test, which installs them, or "
            + "apt-get install -y python3-nbclient python3-jupyter-client python3-nbformat. " + detail);
    }
}
