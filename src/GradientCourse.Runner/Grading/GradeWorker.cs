using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GradientCourse.Runner.Execution;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// The hidden <c>grade-worker</c> verb: runs one rebuilt notebook (learner's answer cells, instructor's other cells)
/// in this separate process, started by the grader with a memory limit, a wall-clock limit and a scratch working
/// folder. Reads the key line and the job (JSON) from standard input before any notebook code runs; reports through
/// <see cref="WorkerProtocol"/>. A failing cell does not stop the run: the next cell continues from the last good state.
/// </summary>
public static class GradeWorker
{
    /// <summary>Runs the worker; returns the exit code.</summary>
    public static int Serve(TextReader input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        var keyLine = input.ReadLine();
        var jobText = input.ReadToEnd();
        if (keyLine is null)
            return 2;
        var key = Convert.FromHexString(keyLine.Trim());
        using var mac = new HMACSHA256(key);
        CryptographicOperations.ZeroMemory(key);
        var job = JsonSerializer.Deserialize<WorkerJob>(jobText, WorkerProtocol.Json)
            ?? throw new InvalidOperationException("empty job");
        jobText = null;
        var channel = new StreamWriter(output, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        long sequence = 0;
        void Report(WorkerReport report)
        {
            lock (channel)
                channel.WriteLine(WorkerProtocol.Seal(mac, sequence++, report));
        }
        using (var session = new Session(job, Report))
        {
            session.Run();
        }
        Report(new WorkerReport("done", 0, CellRole.None, null, true, false, "", null, null));
        return 0;
    }

    /// <summary>Runs the job's cells in the shared engine (<see cref="ScriptSession"/>): the same options, imports,
    /// package resolution and working folder as <c>build</c>, so a notebook grades as it runs. Relative paths resolve from
    /// the notebook's folder (<see cref="WorkerJob.NotebookPath"/>: the grader may point it into a private copy).</summary>
    private sealed class Session(WorkerJob job, Action<WorkerReport> report) : IDisposable
    {
        private static readonly PackagePins NoPins = new(new Dictionary<string, string>());
        private readonly Dictionary<int, string> rewritten = [];
        private ScriptSession session = null!;
        private bool rewrote;

        public void Dispose() => session?.Dispose();

        public void Run()
        {
            var root = RepoPaths.FindRoot(Path.GetDirectoryName(job.NotebookPath));
            var pins = root is null ? NoPins : PackagePins.Load(Path.Combine(root, "Directory.Packages.props"));
            var settings = new ScriptSessionOptions(Path.GetDirectoryName(Path.GetFullPath(job.NotebookPath))!, pins)
            {
                CellTimeout = TimeSpan.FromSeconds(job.CellTimeoutSeconds),
                NotebookName = Path.GetFileNameWithoutExtension(job.NotebookPath),
            };
            session = new ScriptSession(settings);
            for (var index = 0; index < job.Cells.Count; index++)
            {
                RunOne(index, job.Cells[index]);
            }
        }

        private void RunOne(int index, WorkerCell cell)
        {
            var prepared = session.Prepare(cell.Label, cell.Source);
            if (prepared.Error is not null)
            {
                Fail(index, cell, "error", prepared.Error);
                return;
            }
            if (string.IsNullOrWhiteSpace(prepared.Code))
            {
                return;
            }
            if (cell.Role == CellRole.Answer && !rewrote)
            {
                RewriteChecks();
            }
            var code = cell.Role is CellRole.Check or CellRole.Hidden
                ? (rewrote ? rewritten.GetValueOrDefault(index) : RewriteOne(index))
                : prepared.Code;
            if (code is null)
            {
                Fail(index, cell, "error", $"{cell.Label}: the grader could not prepare this check");
                return;
            }
            RunCell(index, cell, code);
        }

        /// <summary>Binds every check and hidden cell before the first learner cell runs.</summary>
        private void RewriteChecks()
        {
            rewrote = true;
            for (var i = 0; i < job.Cells.Count; i++)
            {
                if (job.Cells[i].Role is CellRole.Check or CellRole.Hidden)
                {
                    var code = RewriteOne(i);
                    if (code is not null)
                    {
                        rewritten[i] = code;
                    }
                }
            }
        }

        private string? RewriteOne(int index)
        {
            var prepared = CellPreprocessor.Prepare(job.Cells[index].Label, job.Cells[index].Source, NoPins);
            if (prepared.Error is not null)
            {
                return null;
            }
            return CheckRewriter.Rewrite(prepared.Code, session.LastScript, session.Options);
        }

        private void Fail(int index, WorkerCell cell, string status, string message) =>
            report(new WorkerReport("cell", index, cell.Role, cell.Exercise, false, false, message, null, status));

        private void RunCell(int index, WorkerCell cell, string code)
        {
            var run = session.Execute(cell.Label, code, cell.Label);
            switch (run.Status)
            {
                case CellRunStatus.CompileError when run.Errors.Count > 0:
                    var first = run.Errors[0];
                    var line = cell.Role is CellRole.Check or CellRole.Hidden ? "" : $", line {first.Location.GetLineSpan().StartLinePosition.Line + 1}";
                    Fail(index, cell, "error", $"{cell.Label}{line}: error {first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}");
                    return;
                case CellRunStatus.CompileError:
                    Fail(index, cell, "error", run.Message ?? $"{cell.Label}: compile error");
                    return;
                case CellRunStatus.TimedOut:
                    Fail(index, cell, "timeout",
                        $"{cell.Label}: time limit: still running after {session.Settings.CellTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (an endless loop?)");
                    return;
                case CellRunStatus.Failed or CellRunStatus.OutOfMemory:
                    var exception = run.Exception!;
                    var status = exception is OutOfMemoryException or InsufficientExecutionStackException ? "memory" : "error";
                    Fail(index, cell, status, $"{cell.Label}: {exception.GetType().Name}: {exception.Message}");
                    return;
                default:
                    break;
            }
            if (cell.Role is CellRole.Check or CellRole.Hidden)
            {
                ReportVerdicts(index, cell, run.ReturnValue);
            }
        }

        private void ReportVerdicts(int index, WorkerCell cell, object? value)
        {
            // The wrapper's List<CheckResult>; read by reflection (the runner does not reference the library).
            var count = 0;
            if (value is IList list)
            {
                foreach (var item in list)
                {
                    if (item is null || item.GetType().FullName != "GradientCourse.CheckResult")
                        continue;
                    var type = item.GetType();
                    string? Read(string name) => type.GetProperty(name)?.GetValue(item) as string;
                    bool Flag(string name) => type.GetProperty(name)?.GetValue(item) is true;
                    report(new WorkerReport("verdict", index, cell.Role, Read("ExerciseId"), Flag("Passed"), Flag("NotAnswered"),
                        Read("Message") ?? "", Read("Hint"), null));
                    count++;
                }
            }
            if (count == 0 && cell.Role == CellRole.Hidden)
                report(new WorkerReport("verdict", index, cell.Role, cell.Exercise, true, false, "hidden tests ran without error", null, null));
            else if (count == 0)
                Fail(index, cell, "error", $"{cell.Label}: the check produced no verdict");
        }
    }
}
