using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Execution;

/// <summary>What the parent asks a <c>notebook-worker</c> process to do.</summary>
/// <param name="NotebookPath">The notebook to run.</param>
/// <param name="PinsFile">Directory.Packages.props with the package pins.</param>
/// <param name="CellTimeout">The longest a cell may run.</param>
/// <param name="Limits">Caps on each cell's outputs.</param>
/// <param name="BaseDirectory">The folder relative paths resolve from (null: the notebook's folder).</param>
internal sealed record WorkerRequest(string NotebookPath, string PinsFile, TimeSpan CellTimeout, OutputLimits Limits, string? BaseDirectory);

/// <summary>
/// The hidden <c>notebook-worker</c> verb: runs one notebook in this process, which the parent
/// (<see cref="NotebookProcess"/>) can end whatever the notebook's code does. Reports go to standard output as
/// JSON lines, each prefixed with <see cref="Prefix"/>: <c>start</c> (a cell begins), <c>end</c> (a cell ended, with
/// its outputs) and <c>done</c>; the notebook's own console writes outside cells go to standard error.
/// </summary>
internal static class NotebookWorker
{
    /// <summary>Prefix of a report line (other lines on standard output are ignored).</summary>
    public const string Prefix = "GCNB1 ";

    /// <summary>A worker started ahead of its notebook: warms up the engine (Roslyn's compiler, the formatters) while
    /// the previous notebook runs, then reads the notebook's path (and the base folder, or an empty line) from standard
    /// input and runs it like <see cref="Serve"/>, then waits for the parent to end it (or to close standard input).
    /// Returns 2 when no job arrives (the build ended).</summary>
    public static int ServeAfterWarmUp(WorkerRequest template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var pins = PackagePins.Load(template.PinsFile);
        var scratch = Path.GetTempPath();
        using (var warmUp = new ScriptSession(new ScriptSessionOptions(scratch, pins) { SetWorkingDirectory = false, NotebookName = "warm-up" }))
        {
            warmUp.Run("warm-up", "var warm = new List<int> { 1, 2 };\nConsole.Write(\"\");\nwarm.Sum()", executionCount: 1);
        }
        var input = Console.In;
        var notebook = input.ReadLine();
        if (string.IsNullOrWhiteSpace(notebook))
        {
            return 2;
        }
        var baseDirectory = input.ReadLine();
        var code = Serve(template with { NotebookPath = notebook, BaseDirectory = string.IsNullOrWhiteSpace(baseDirectory) ? null : baseDirectory });
        // The parent ends this process (and every process the notebook started) once it has the last report.
        input.ReadToEnd();
        return code;
    }

    /// <summary>Runs the notebook and reports; returns the exit code (0 also when the notebook failed).</summary>
    public static int Serve(WorkerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var channel = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        var errors = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
        ConsoleRouter.Install(errors, errors);
        var reporter = new Reporter(channel);
        Notebook notebook;
        try
        {
            notebook = NotebookFile.Read(request.NotebookPath);
        }
        catch (Exception e) when (e is NotebookFormatException or IOException or UnauthorizedAccessException)
        {
            reporter.Send(new JsonObject { ["event"] = "done", ["failure"] = e.Message, ["kind"] = nameof(FailureKind.Unreadable) });
            return 0;
        }
        var pins = PackagePins.Load(request.PinsFile);
        var executor = new NotebookExecutor(pins, request.CellTimeout, request.Limits);
        var result = executor.Execute(notebook, reporter, request.BaseDirectory);
        reporter.Send(new JsonObject
        {
            ["event"] = "done",
            ["failure"] = result.Failure,
            ["kind"] = result.FailureKind.ToString(),
        });
        return 0;
    }

    /// <summary>The message a timed-out cell gets from a worker, which stops (its runaway thread cannot be aborted).</summary>
    public static string StoppedAfterTimeout(string message) => message + "; the worker was stopped";

    private sealed class Reporter(StreamWriter channel) : INotebookObserver
    {
        public void CellStarted(NotebookCell cell) =>
            Send(new JsonObject { ["event"] = "start", ["cell"] = cell.Number - 1 });

        public void CellFinished(NotebookCell cell, CellRun run)
        {
            var outputs = new JsonArray();
            foreach (var output in cell.Outputs)
            {
                if (run.Status == CellRunStatus.TimedOut && output["output_type"]?.GetValue<string>() == "error")
                {
                    var stopped = StoppedAfterTimeout(output["evalue"]!.GetValue<string>());
                    output["evalue"] = stopped;
                    output["traceback"] = new JsonArray(stopped);
                }
                outputs.Add(output.DeepClone());
            }
            Send(new JsonObject
            {
                ["event"] = "end",
                ["cell"] = cell.Number - 1,
                ["executionCount"] = cell.ExecutionCount,
                ["status"] = run.Status.ToString(),
                ["message"] = run.Status == CellRunStatus.TimedOut && run.Message is not null ? StoppedAfterTimeout(run.Message) : run.Message,
                ["elapsed"] = run.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
                ["outputs"] = outputs,
            });
        }

        public void Send(JsonObject message)
        {
            lock (channel)
            {
                channel.WriteLine(Prefix + message.ToJsonString());
            }
        }
    }
}
