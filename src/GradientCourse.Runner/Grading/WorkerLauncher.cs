using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GradientCourse.Runner.Grading;

/// <summary>What one worker process delivered.</summary>
/// <param name="Messages">Every well-formed line, in order (untrusted data).</param>
/// <param name="Ready">The worker finished the cells and started on the calls.</param>
/// <param name="Done">The worker answered every call and said so.</param>
/// <param name="Stop">Why it stopped early (time, memory, crash, protocol), or null.</param>
/// <param name="Elapsed">Wall-clock time.</param>
/// <param name="AtMemoryLimit">The worker pressed against its memory limit (cgroup) at some point.</param>
internal sealed record WorkerRun(IReadOnlyList<WorkerMessage> Messages, bool Ready, bool Done, WorkerStop? Stop, TimeSpan Elapsed, bool AtMemoryLimit);

/// <summary>
/// Starts a worker (sandboxed for student code, plain for the instructor's record run), sends it the job, reads its
/// report with bounds (a line is cut at <see cref="MaxLine"/> bytes, reading stops after <see cref="MaxTotal"/>),
/// enforces the wall-clock limit, and returns only after the worker and every process it started are gone.
/// </summary>
internal sealed class WorkerLauncher(Sandbox sandbox, GradeOptions options)
{
    /// <summary>Longest report line kept (bytes).</summary>
    public const int MaxLine = 8 << 20;

    /// <summary>Most a worker may write to its report channel (bytes).</summary>
    public const long MaxTotal = 64L << 20;

    private const int ScratchMegabytes = 64;

    /// <summary>Runs one job; <paramref name="isolate"/> puts the worker in the sandbox.</summary>
    public WorkerRun Run(WorkerJob job, bool isolate, TimeSpan budget)
    {
        var memory = (long)options.MemoryMegabytes << 20;
        // The managed heap gets 60 % of the budget; the runtime, Roslyn, native libraries and tmpfs share the rest.
        var heap = memory * 3 / 5;
        using var cgroup = isolate ? Cgroup.TryCreate(memory, 512) : null;
        var start = sandbox.StartInfo(isolate, memory, heap, ScratchMegabytes, cgroup);
        var watch = Stopwatch.StartNew();
        var messages = new List<WorkerMessage>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the grading worker");
        var jobText = JsonSerializer.Serialize(job, WorkerProtocol.Json);
        var writer = new Thread(() =>
        {
            try
            {
                process.StandardInput.Write(jobText);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // the worker died before reading its job; its exit is reported below
            }
        }) { IsBackground = true };
        writer.Start();
        var reader = new BoundedLineReader(process.StandardOutput.BaseStream, MaxLine, MaxTotal);
        var readerThread = new Thread(() => reader.Run(line =>
        {
            var message = WorkerProtocol.Parse(line);
            if (message is not null)
            {
                lock (messages)
                {
                    messages.Add(message);
                }
            }
        })) { IsBackground = true };
        readerThread.Start();
        var errors = new StringBuilder();
        var errorThread = new Thread(() => Drain(process.StandardError.BaseStream, errors)) { IsBackground = true };
        errorThread.Start();

        WorkerStop? stop = null;
        while (!process.WaitForExit(100))
        {
            if (watch.Elapsed > budget)
            {
                stop = new WorkerStop(GradeStatus.Timeout,
                    $"time limit: grading this notebook was stopped after {budget.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s, before this exercise was checked");
                break;
            }

            if (reader.Flooded || !readerThread.IsAlive)
            {
                if (reader.Flooded)
                {
                    stop = new WorkerStop(GradeStatus.ProtocolViolation,
                        $"the notebook wrote more than {MaxTotal >> 20} MB to the grader's channel (the process's standard output); grading stopped");
                    break;
                }
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        var allGone = cgroup?.KillAll() ?? true;
        var atLimit = cgroup?.HitLimit() ?? false;
        readerThread.Join(TimeSpan.FromSeconds(5));
        errorThread.Join(TimeSpan.FromSeconds(1));
        List<WorkerMessage> snapshot;
        lock (messages)
        {
            snapshot = [.. messages];
        }

        var done = snapshot.Any(m => m.Kind == "done");
        var ready = snapshot.Any(m => m.Kind == "ready");
        if (stop is null && reader.Flooded)
        {
            stop = new WorkerStop(GradeStatus.ProtocolViolation, $"the notebook wrote more than {MaxTotal >> 20} MB to the grader's channel; grading stopped");
        }

        if (stop is null && reader.OverlongLines > 0)
        {
            stop = new WorkerStop(GradeStatus.ProtocolViolation,
                $"the notebook wrote a line longer than {MaxLine >> 20} MB to the grader's channel (the process's standard output); it was cut and not read");
        }

        // Exit code 3 with a reported timed-out call: the worker ended on purpose so that a runaway thread stops.
        var endedAfterTimeout = process.ExitCode == 3 && snapshot.Any(m => m.Kind == "call" && m.Status == "timeout");
        if (stop is null && !done && !endedAfterTimeout)
        {
            var oom = cgroup?.OomKilled() ?? false;
            var text = errors.ToString();
            if (oom || text.Contains("OutOfMemory", StringComparison.Ordinal) || text.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            {
                stop = new WorkerStop(GradeStatus.Memory,
                    $"memory limit: the notebook used more than {options.MemoryMegabytes} MB (managed, native and scratch space together) and was stopped before this exercise was checked");
            }
            else
            {
                stop = new WorkerStop(GradeStatus.Crashed,
                    $"the notebook's process ended unexpectedly (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}) before this exercise was checked: a stack overflow, Environment.Exit or a crash"
                    + (text.Length > 0 ? $" ({FirstLine(text)})" : ""));
            }
        }

        if (!allGone)
        {
            stop ??= new WorkerStop(GradeStatus.Crashed, "a process the notebook started could not be stopped");
        }

        return new WorkerRun(snapshot, ready, done, stop, watch.Elapsed, atLimit);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length <= 200 ? line : line[..200];
    }

    /// <summary>Keeps the first 4 KB of the worker's standard error (for the crash reason); discards the rest.</summary>
    private static void Drain(Stream stream, StringBuilder kept)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (kept)
                {
                    if (kept.Length < 4096)
                    {
                        kept.Append(Encoding.UTF8.GetString(buffer, 0, Math.Min(read, 4096 - kept.Length)));
                    }
                }
            }
        }
        catch (IOException)
        {
            // the worker is gone
        }
    }
}
