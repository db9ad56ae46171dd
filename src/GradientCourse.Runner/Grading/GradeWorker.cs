using System.Globalization;
using System.Text;
using System.Text.Json;
using GradientCourse.Runner.Execution;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// The hidden <c>grade-worker</c> verb: runs one notebook's cells (see <see cref="WorkerJob"/>) in this separate
/// process, which the grader starts inside its sandbox (grade mode) or as a trusted process (record mode), in the shared
/// engine (<see cref="ScriptSession"/>) with the current folder as the notebook's folder (the grader points it at its
/// private copy's <c>notebooks/</c>). Reads the whole job from standard input before any notebook code runs; reports
/// through <see cref="WorkerProtocol"/>. A failing cell does not stop the run: the next cell continues from the last
/// good state. Then <see cref="ProbeCalls"/> answers the grader's calls. Nothing it reports is a verdict.
/// </summary>
public static class GradeWorker
{
    /// <summary>Runs the worker; returns the exit code (0 when every call was answered, 3 after a timed-out call).</summary>
    public static int Serve(TextReader input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        var job = JsonSerializer.Deserialize<WorkerJob>(input.ReadToEnd(), WorkerProtocol.Json)
            ?? throw new InvalidOperationException("empty job");
        var channel = new StreamWriter(output, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        void Report(WorkerMessage message)
        {
            lock (channel)
            {
                channel.WriteLine(WorkerProtocol.Format(message));
            }
        }

        using var session = Open(job);
        for (var index = 0; index < job.Cells.Count; index++)
        {
            RunCell(session, index, job.Cells[index], Report);
        }

        Report(new WorkerMessage("ready", 0, null, null, null, null));
        if (!ProbeCalls.Answer(job, session, Report))
        {
            return 3;
        }

        Report(new WorkerMessage("done", 0, null, null, null, null));
        return 0;
    }

    private static ScriptSession Open(WorkerJob job)
    {
        var folder = Directory.GetCurrentDirectory();
        var root = RepoPaths.FindRoot(folder);
        var pins = root is null ? new PackagePins(new Dictionary<string, string>()) : PackagePins.Load(Path.Combine(root, "Directory.Packages.props"));
        return new ScriptSession(new ScriptSessionOptions(folder, pins)
        {
            CellTimeout = TimeSpan.FromSeconds(job.CellTimeoutSeconds),
            NotebookName = "graded",
        });
    }

    private static void RunCell(ScriptSession session, int index, WorkerCell cell, Action<WorkerMessage> report)
    {
        void Fail(string status, string message) => report(new WorkerMessage("cell", index, cell.Exercise, status, message, null));

        var prepared = session.Prepare(cell.Label, cell.Source);
        if (prepared.Error is not null)
        {
            Fail("error", prepared.Error);
            return;
        }

        if (string.IsNullOrWhiteSpace(prepared.Code))
        {
            return;
        }

        var run = session.Execute(cell.Label, prepared.Code, cell.Label);
        switch (run.Status)
        {
            case CellRunStatus.CompileError when run.Errors.Count > 0:
                var first = run.Errors[0];
                Fail("error", $"{cell.Label}, line {first.Location.GetLineSpan().StartLinePosition.Line + 1}: error {first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}");
                return;
            case CellRunStatus.CompileError:
                Fail("error", run.Message ?? $"{cell.Label}: compile error");
                return;
            case CellRunStatus.TimedOut:
                Fail("timeout", $"{cell.Label}: time limit: still running after {session.Settings.CellTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (an endless loop?)");
                return;
            case CellRunStatus.Failed or CellRunStatus.OutOfMemory:
                var exception = run.Exception!;
                var status = exception is OutOfMemoryException or InsufficientExecutionStackException ? "memory" : "error";
                Fail(status, $"{cell.Label}: {exception.GetType().Name}: {exception.Message}");
                return;
            default:
                return;
        }
    }
}
