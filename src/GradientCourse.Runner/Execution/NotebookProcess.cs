using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Execution;

/// <summary>Limits of a notebook worker process.</summary>
/// <param name="CellTimeout">The longest a cell may run; the worker stops a late cell itself, and the parent ends the
/// whole worker process tree when a cell is still running <see cref="Grace"/> later.</param>
/// <param name="MemoryMegabytes">The worker's memory limit: its managed heap (DOTNET_GCHeapHardLimit) and, plus
/// <see cref="NativeAllowanceMegabytes"/> for the runtime, Roslyn and native libraries, its resident memory.</param>
/// <param name="Limits">Caps on each cell's outputs.</param>
public sealed record WorkerLimits(TimeSpan CellTimeout, int MemoryMegabytes, OutputLimits Limits)
{
    /// <summary>The default memory limit of a notebook worker, in MB.</summary>
    public const int DefaultMemoryMegabytes = 4096;

    /// <summary>Resident memory allowed beyond the managed heap limit.</summary>
    public const int NativeAllowanceMegabytes = 1024;

    /// <summary>How long after its timeout a cell may still run before the parent ends the worker.</summary>
    public static TimeSpan Grace { get; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Runs one notebook in a <c>notebook-worker</c> process (this runner, hidden verb) and assembles the executed
/// notebook from its reports: whatever the notebook's code does (<c>Environment.Exit</c>, endless recursion, a thread
/// that never ends, a memory bomb), only that notebook fails, with a reason that names the cell.
/// </summary>
internal sealed class NotebookProcess(WorkerLimits limits, string pinsFile, TextWriter log) : IDisposable
{
    private Process? spare;

    /// <summary>The longest report line read whole; a longer line is skipped (a cell's outputs are capped well below).</summary>
    public const int MaxLineBytes = 64 * 1024 * 1024;

    private const int StderrTailChars = 16 * 1024;

    /// <summary>Runs <paramref name="notebook"/> (already read by the caller) in a worker; fills its cells' outputs.
    /// With <paramref name="startNext"/>, the next notebook's worker starts and warms up meanwhile.</summary>
    public NotebookResult Run(Notebook notebook, bool startNext = false, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        foreach (var cell in notebook.Cells)
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }
        var watch = Stopwatch.StartNew();
        var run = new RunState(notebook, limits);
        using var process = spare ?? Start();
        spare = null;
        // The worker warmed up while the previous notebook ran; now it learns which notebook to run. Its standard input
        // stays open: after its last report the worker waits, so that the parent ends it and every process it started.
        try
        {
            process.StandardInput.WriteLine(notebook.Path);
            process.StandardInput.WriteLine(baseDirectory ?? "");
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // it died while warming up: reported below as a worker that ended outside any cell
        }
        if (startNext)
        {
            spare = Start();
        }
        var stdout = new Thread(() => ReadReports(process.StandardOutput.BaseStream, run)) { IsBackground = true, Name = "worker reports" };
        var stderr = new Thread(() => ReadErrors(process.StandardError, run)) { IsBackground = true, Name = "worker stderr" };
        stdout.Start();
        stderr.Start();

        var memoryCeiling = ((long)limits.MemoryMegabytes + WorkerLimits.NativeAllowanceMegabytes) * 1024 * 1024;
        string? stopped = null;
        var stoppedKind = FailureKind.None;
        while (!process.WaitForExit(200))
        {
            var (cell, since) = run.Running();
            if (cell is not null && since.Elapsed > limits.CellTimeout + WorkerLimits.Grace)
            {
                stopped = $"{cell.Label} exceeded the {Seconds(limits.CellTimeout)} s timeout (--timeout); the worker was stopped";
                stoppedKind = FailureKind.Timeout;
                break;
            }
            if (run.Finished)
            {
                break; // it reported everything: end it with every process the notebook started
            }
            if (ResidentBytes(process) > memoryCeiling)
            {
                stopped = $"out of memory (limit {limits.MemoryMegabytes} MB): the worker used more than {memoryCeiling / 1024 / 1024} MB" +
                          (cell is null ? "" : $" in {cell.Label}") + "; the worker was stopped";
                stoppedKind = FailureKind.OutOfMemory;
                break;
            }
        }
        if (!process.HasExited)
        {
            KillTree(process);
        }
        process.WaitForExit();
        stdout.Join();
        stderr.Join();
        watch.Stop();
        return run.Result(stopped, stoppedKind, process.ExitCode, watch.Elapsed, log);
    }

    /// <summary>Ends a worker started ahead that got no notebook.</summary>
    public void Dispose()
    {
        if (spare is not null)
        {
            KillTree(spare);
            spare.Dispose();
            spare = null;
        }
    }

    private Process Start()
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(NotebookProcess).Assembly.Location);
        }
        start.ArgumentList.Add("notebook-worker");
        start.ArgumentList.Add("--pins");
        start.ArgumentList.Add(pinsFile);
        start.ArgumentList.Add("--timeout");
        start.ArgumentList.Add(limits.CellTimeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--text-limit");
        start.ArgumentList.Add(limits.Limits.TextBytes.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--total-limit");
        start.ArgumentList.Add(limits.Limits.TotalBytes.ToString(CultureInfo.InvariantCulture));
        var heap = (long)limits.MemoryMegabytes * 1024 * 1024;
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heap.ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the notebook worker: " + self);
    }

    /// <summary>Splits the worker's standard output into lines without ever holding more than
    /// <see cref="MaxLineBytes"/> of one line; hands report lines to <paramref name="run"/>.</summary>
    private void ReadReports(Stream stream, RunState run)
    {
        var line = new MemoryStream();
        var skipping = false;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                if (!skipping)
                {
                    line.Write(buffer, start, i - start);
                    Handle(line, run);
                }
                line.SetLength(0);
                skipping = false;
                start = i + 1;
            }
            if (!skipping)
            {
                line.Write(buffer, start, read - start);
                if (line.Length > MaxLineBytes)
                {
                    skipping = true;
                    line.SetLength(0);
                }
            }
        }
        if (!skipping && line.Length > 0)
        {
            Handle(line, run);
        }
    }

    private void Handle(MemoryStream line, RunState run)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        var prefix = Encoding.ASCII.GetBytes(NotebookWorker.Prefix);
        if (!bytes.StartsWith(prefix))
        {
            return;
        }
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(bytes[prefix.Length..]) as JsonObject;
        }
        catch (JsonException)
        {
            return;
        }
        if (message is not null)
        {
            run.Apply(message, log);
        }
    }

    private static void ReadErrors(StreamReader reader, RunState run)
    {
        var buffer = new char[4096];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            run.AppendError(buffer.AsSpan(0, read));
        }
    }

    private static long ResidentBytes(Process process)
    {
        try
        {
            process.Refresh();
            return process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0; // it has just exited
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it has just exited
        }
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the reports said so far; shared by the reading threads and the watching loop.</summary>
    private sealed class RunState(Notebook notebook, WorkerLimits limits)
    {
        private readonly Lock gate = new();
        private readonly StringBuilder errorTail = new();
        private readonly List<CellTiming> timings = [];
        private readonly Stopwatch since = new();
        private NotebookCell? running;
        private string? cellFailure;
        private FailureKind cellFailureKind;
        private int cellsRun;
        private int lastExecutionCount;
        private string? doneFailure;
        private FailureKind doneKind;

        public bool Finished { get; private set; }

        public (NotebookCell? Cell, Stopwatch Since) Running()
        {
            lock (gate)
            {
                return (running, since);
            }
        }

        public void AppendError(ReadOnlySpan<char> text)
        {
            lock (gate)
            {
                errorTail.Append(text);
                if (errorTail.Length > 2 * StderrTailChars)
                {
                    errorTail.Remove(0, errorTail.Length - StderrTailChars);
                }
            }
        }

        public void Apply(JsonObject message, TextWriter log)
        {
            lock (gate)
            {
                switch (message["event"]?.GetValue<string>())
                {
                    case "start":
                        running = Cell(message);
                        since.Restart();
                        if (running is not null)
                        {
                            log.Write($"  [{notebook.Name}] {running.Label} ... ");
                            log.Flush();
                        }
                        break;
                    case "end":
                        End(message, log);
                        break;
                    case "done":
                        Finished = true;
                        running = null;
                        since.Restart();
                        doneFailure = message["failure"]?.GetValue<string>();
                        doneKind = Enum.TryParse<FailureKind>(message["kind"]?.GetValue<string>(), out var kind) ? kind : FailureKind.Error;
                        break;
                    default:
                        break;
                }
            }
        }

        private void End(JsonObject message, TextWriter log)
        {
            var cell = Cell(message);
            running = null;
            if (cell is null)
            {
                return;
            }
            cell.Outputs.Clear();
            if (message["outputs"] is JsonArray outputs)
            {
                cell.Outputs.AddRange(outputs.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()));
            }
            cell.ExecutionCount = message["executionCount"]?.GetValue<int>();
            if (cell.ExecutionCount is { } count)
            {
                cellsRun++;
                lastExecutionCount = count;
            }
            var status = Enum.TryParse<CellRunStatus>(message["status"]?.GetValue<string>(), out var s) ? s : CellRunStatus.Failed;
            var elapsed = TimeSpan.FromSeconds(double.Parse(message["elapsed"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture));
            if (status is not CellRunStatus.Empty and not CellRunStatus.Rejected)
            {
                timings.Add(new CellTiming(cell.Number, cell.Label, elapsed));
            }
            var succeeded = status is CellRunStatus.Completed or CellRunStatus.Empty;
            log.WriteLine(succeeded
                ? $"{elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"
                : $"FAILED after {elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
            if (!succeeded)
            {
                cellFailure = status == CellRunStatus.OutOfMemory
                    ? $"out of memory (limit {limits.MemoryMegabytes} MB) in {cell.Label}: the cell needed more memory than a notebook may use (--memory)"
                    : message["message"]?.GetValue<string>();
                cellFailureKind = status switch
                {
                    CellRunStatus.TimedOut => FailureKind.Timeout,
                    CellRunStatus.OutOfMemory => FailureKind.OutOfMemory,
                    _ => FailureKind.Error,
                };
            }
        }

        private NotebookCell? Cell(JsonObject message)
        {
            var index = message["cell"]?.GetValue<int>() ?? -1;
            return index >= 0 && index < notebook.Cells.Count ? notebook.Cells[index] : null;
        }

        /// <summary>The notebook's result once the worker is gone; a cell still running gets the reason it ended.</summary>
        public NotebookResult Result(string? stopped, FailureKind stoppedKind, int exitCode, TimeSpan elapsed, TextWriter log)
        {
            lock (gate)
            {
                string? failure;
                FailureKind kind;
                if (stopped is not null)
                {
                    (failure, kind) = (stopped, stoppedKind);
                }
                else if (!Finished)
                {
                    (failure, kind) = Crash(exitCode);
                }
                else
                {
                    (failure, kind) = cellFailure is not null ? (cellFailure, cellFailureKind) : (doneFailure, doneKind);
                }
                if (failure is not null && running is not null)
                {
                    // The cell that was running when the worker ended: it ran, and its error output says why it stopped.
                    running.ExecutionCount ??= ++lastExecutionCount;
                    cellsRun++;
                    var ename = kind switch
                    {
                        FailureKind.Timeout => "TimeoutException",
                        FailureKind.OutOfMemory => "OutOfMemoryException",
                        _ when failure.StartsWith("stack overflow", StringComparison.Ordinal) => "StackOverflow",
                        _ => "WorkerExited",
                    };
                    running.Outputs.Add(ValueFormatter.Error(ename, failure, [failure]));
                    timings.Add(new CellTiming(running.Number, running.Label, since.Elapsed));
                    log.WriteLine($"FAILED after {since.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
                }
                var passed = failure is null && kind == FailureKind.None;
                return new NotebookResult(notebook.Name, notebook.Title, passed, notebook.Cells.Count(c => c.Kind == CellKind.Code),
                    cellsRun, elapsed, timings.MaxBy(t => t.Elapsed), failure)
                {
                    Timings = [.. timings],
                    FailureKind = passed ? FailureKind.None : kind == FailureKind.None ? FailureKind.Error : kind,
                };
            }
        }

        private (string Failure, FailureKind Kind) Crash(int exitCode)
        {
            var errors = errorTail.ToString();
            if (running is null)
            {
                return ($"the notebook worker ended unexpectedly with exit code {exitCode.ToString(CultureInfo.InvariantCulture)} outside any cell: " +
                        LastLines(errors, 5), FailureKind.Crash);
            }
            var where = $" in {running.Label}";
            if (errors.Contains("Stack overflow", StringComparison.Ordinal))
            {
                return ($"stack overflow{where} (endless recursion?); the worker process ended", FailureKind.Crash);
            }
            if (errors.Contains("OutOfMemoryException", StringComparison.Ordinal) || exitCode == 137)
            {
                return ($"out of memory (limit {limits.MemoryMegabytes} MB){where}; the worker process ended", FailureKind.OutOfMemory);
            }
            return ($"the notebook's code ended the process with exit code {exitCode.ToString(CultureInfo.InvariantCulture)}{where}", FailureKind.Crash);
        }

        private static string LastLines(string text, int count) =>
            string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));
    }
}
