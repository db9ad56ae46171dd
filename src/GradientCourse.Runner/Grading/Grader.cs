using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// Grades submissions against the instructor's source notebooks with verdicts computed in this (trusted) process:
/// <list type="number">
/// <item>record: each source notebook runs once, trusted, and its probes (hidden tests) are kept with the
/// instructor's results (<see cref="ProbeRecorder"/>);</item>
/// <item>grade: each submission's answer cells are put into the released form of the source (no check, no hidden
/// cells) and run in a sandboxed worker (<see cref="Sandbox"/>) that only answers "call F on these arguments";</item>
/// <item>judge: the returned data is compared with the instructor's results here (<see cref="GradingRules"/>).</item>
/// </list>
/// Results go to a folder the grader creates (<see cref="ResultsFolder"/>), written after every worker is gone.
/// A re-run skips submissions whose notebook, source and grader are unchanged.
/// </summary>
public sealed class Grader(GradeOptions options, TextWriter log)
{
    private const long MaxSubmissionBytes = 20L * 1024 * 1024;

    /// <summary>Runs the whole batch; returns the exit code (0 when graded, 2 on a usage error or a refusal).</summary>
    public int Run()
    {
        ArgumentNullException.ThrowIfNull(options);
        var sources = Path.GetFullPath(options.SourceDirectory);
        var submissions = Path.GetFullPath(options.SubmissionsDirectory);
        var output = Path.GetFullPath(options.OutputDirectory);
        if (!Directory.Exists(sources) || !Directory.Exists(submissions))
        {
            log.WriteLine($"grade: no such folder: {(Directory.Exists(sources) ? submissions : sources)}");
            return 2;
        }

        if (options.CellTimeout <= TimeSpan.Zero || options.NotebookTimeout <= TimeSpan.Zero || options.MemoryMegabytes < 256)
        {
            log.WriteLine("grade: --timeout and --notebook-timeout must be positive and --memory at least 256 (MB)");
            return 2;
        }

        var realOutput = RealPath.Of(output);
        if (RealPath.IsSameOrInside(realOutput, RealPath.Of(submissions)) || RealPath.IsSameOrInside(realOutput, RealPath.Of(sources))
            || RealPath.IsSameOrInside(RealPath.Of(sources), realOutput) || (!options.StudentRepository && RealPath.IsSameOrInside(RealPath.Of(submissions), realOutput)))
        {
            log.WriteLine($"grade: --out {output} must be outside the submissions and the source notebooks (they are only read)");
            return 2;
        }

        var sourceNotebooks = LoadSources(sources);
        if (sourceNotebooks.Count == 0)
        {
            log.WriteLine($"grade: no notebook with exercises in {sources}");
            return 2;
        }

        var names = sourceNotebooks.Select(s => s.Name).ToList();
        var students = options.StudentRepository
            ? new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal) { ["student"] = StudentRepositoryFiles(submissions, names) }
            : SubmissionDiscovery.Discover(submissions, names, log);
        if (students.Count == 0)
        {
            log.WriteLine($"grade: no submissions in {submissions} (one folder per student, or files named <student>__NN-topic.ipynb)");
            return 2;
        }

        var results = ResultsFolder.Open(output, out var refusal);
        if (results is null)
        {
            log.WriteLine("grade: " + refusal);
            return 2;
        }

        var repoRoot = RepoPaths.FindRoot(AppContext.BaseDirectory) ?? RepoPaths.RequireRoot(sources);
        using var sandbox = Sandbox.Create(repoRoot, AppContext.BaseDirectory);
        if (!sandbox.Isolated)
        {
            if (!options.AllowUnsandboxed)
            {
                log.WriteLine($"grade: refusing to run submitted code without the OS sandbox: {sandbox.Refusal}.");
                log.WriteLine("       Student code would run with your user's rights and could read your source notebooks and hidden tests,");
                log.WriteLine("       change files, or leave processes behind. Install bubblewrap, or, only for submissions you trust,");
                log.WriteLine("       pass --no-sandbox-i-trust-these-submissions.");
                return 2;
            }

            log.WriteLine($"grade: WARNING: no OS sandbox ({sandbox.Refusal}); running submissions unisolated, as you asked");
        }

        var version = GraderVersion(sandbox.CourseCopy);
        var launcher = new WorkerLauncher(sandbox, options);
        var recorder = new ProbeRecorder(launcher, options, results, version, log);
        var state = GradeState.Load(results, version);
        var rows = new List<GradeRow>();
        foreach (var (student, files) in students.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var source in sourceNotebooks)
            {
                files.TryGetValue(source.Name, out var file);
                var submissionHash = file is null ? "missing" : HashFile(file);
                var key = student + "/" + source.Name;
                if (state.TryGet(key, submissionHash, source.Hash) is { } known)
                {
                    log.WriteLine($"  {student} / {source.Name}: unchanged, {known.Sum(r => r.Points)}/{known.Sum(r => r.Max)} (kept)");
                    rows.AddRange(known);
                    continue;
                }

                log.Write($"  {student} / {source.Name} ... ");
                var graded = GradeOne(student, source, file, recorder, launcher, sandbox.Isolated);
                log.WriteLine($"{graded.Sum(r => r.Points)}/{graded.Sum(r => r.Max)}");
                rows.AddRange(graded);
                state.Set(key, submissionHash, source.Hash, graded);
                state.Save(results);
            }
        }

        rows = [.. rows.OrderBy(r => r.Student, StringComparer.Ordinal).ThenBy(r => r.Exercise, Comparer<string>.Create(ExerciseInfo.Compare))];

        // Written last, from memory, after every worker is gone; nothing a worker wrote is read.
        results.WriteText("grades.csv", GradeReports.GradesCsv(rows));
        results.WriteText("totals.csv", GradeReports.TotalsCsv(rows));
        var pages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.Student))
        {
            var page = GradeReports.SafeName(group.Key) + ".md";
            pages.Add(page);
            results.WriteText(Path.Combine("feedback", page), GradeReports.Feedback(group.Key, [.. group]));
        }

        results.Prune("feedback", pages);
        log.Write(GradeReports.Summary(rows, names));
        log.WriteLine($"grades: {Path.Combine(output, "grades.csv")}; feedback: {Path.Combine(output, "feedback")}");
        if (options.StudentRepository)
        {
            ReportToClassroom(results, rows);
        }

        return 0;
    }

    private void ReportToClassroom(ResultsFolder results, List<GradeRow> rows)
    {
        var json = GradeReports.ClassroomResult(rows);
        results.WriteText("autograding.json", json);
        var points = rows.Sum(r => r.Points);
        var max = rows.Sum(r => r.Max);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        var githubOutput = Environment.GetEnvironmentVariable("GITHUB_OUTPUT");
        if (!string.IsNullOrEmpty(githubOutput))
        {
            File.AppendAllText(githubOutput, $"result={encoded}\n");
        }

        foreach (var r in rows.Where(r => r.Status != GradeStatus.Passed))
        {
            log.WriteLine($"::warning title=Exercise {r.Exercise}::{r.Status.Name()}: {r.Message.ReplaceLineEndings(" ")}");
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"::notice title=Autograding::Points {points}/{max}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Points {points}/{max}"));
    }

    /// <summary>Classroom mode: the repository's notebooks, matched to the sources by name or number.</summary>
    private static Dictionary<string, string> StudentRepositoryFiles(string notebooks, IReadOnlyList<string> names)
    {
        var files = Directory.GetFiles(notebooks, "*.ipynb").Where(f => new FileInfo(f).LinkTarget is null).Order(StringComparer.Ordinal).ToList();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var match = files.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == name)
                ?? files.FirstOrDefault(f => Path.GetFileName(f).Length >= 3 && Path.GetFileName(f)[..2] == name[..2] && !char.IsAsciiDigit(Path.GetFileName(f)[2]));
            if (match is not null)
            {
                map[name] = match;
            }
        }

        return map;
    }

    private List<SourceNotebook> LoadSources(string directory)
    {
        var result = new List<SourceNotebook>();
        foreach (var file in Directory.GetFiles(directory, "*.ipynb").Order(StringComparer.Ordinal))
        {
            Notebook notebook;
            try
            {
                notebook = NotebookFile.Read(file);
            }
            catch (Exception e) when (e is NotebookFormatException or IOException)
            {
                log.WriteLine($"grade: skipping source {file}: {e.Message}");
                continue;
            }

            var exercises = ExerciseCatalog.Exercises(notebook.Document);
            if (exercises.Count > 0)
            {
                result.Add(new SourceNotebook(notebook.Name, notebook.Path, notebook.Document, exercises, HashFile(file)));
            }
        }

        return result;
    }

    private List<GradeRow> GradeOne(string student, SourceNotebook source, string? file, ProbeRecorder recorder, WorkerLauncher launcher, bool isolate)
    {
        List<GradeRow> All(GradeStatus status, string message) =>
            [.. source.Exercises.Select(e => new GradeRow(student, source.Name, e.Id, 0, e.Points, status, message, null))];

        if (file is null)
        {
            return All(GradeStatus.Missing, $"no submission of {source.Name}.ipynb");
        }

        JsonObject submitted;
        try
        {
            if (new FileInfo(file).Length > MaxSubmissionBytes)
            {
                return All(GradeStatus.Malformed, $"{Path.GetFileName(file)} is larger than {MaxSubmissionBytes / 1024 / 1024} MB");
            }

            var node = JsonNode.Parse(File.ReadAllBytes(file));
            if (node is not JsonObject o || o["cells"] is not JsonArray)
            {
                return All(GradeStatus.Malformed, $"{Path.GetFileName(file)} is JSON but not a notebook (no 'cells' list)");
            }

            submitted = o;
        }
        catch (JsonException e)
        {
            return All(GradeStatus.Malformed, $"{Path.GetFileName(file)} is not valid notebook JSON ({e.Message}); open it in the editor, fix or re-save it, and resubmit");
        }
        catch (IOException e)
        {
            return All(GradeStatus.Malformed, $"{Path.GetFileName(file)} could not be read ({e.GetType().Name})");
        }

        var probes = recorder.Record(source);
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        var cells = GradedNotebook.GradeCells(source, submitted, missing);
        var calls = new List<(string Exercise, ProbeSpec Probe)>();
        foreach (var exercise in source.Exercises)
        {
            var mine = probes.GetValueOrDefault(exercise.Id) ?? [];
            if (!missing.ContainsKey(exercise.Id) && mine.Count > 0 && mine.All(p => p.InstructorProblem is null))
            {
                calls.AddRange(mine.Select(p => (exercise.Id, p)));
            }
        }

        var (outcomes, cellErrors, stop) = Evaluate(cells, calls, launcher, isolate);
        var rows = new List<GradeRow>();
        foreach (var exercise in source.Exercises)
        {
            Verdict verdict;
            if (missing.TryGetValue(exercise.Id, out var missingId))
            {
                verdict = new Verdict(GradeStatus.Missing,
                    $"the answer cell '{missingId}' is not in the submission (deleted, or its id changed); copy it back from the released notebook and answer there", null);
            }
            else
            {
                var mine = probes.GetValueOrDefault(exercise.Id) ?? [];
                var results = Enumerable.Range(0, calls.Count).Where(i => calls[i].Exercise == exercise.Id).Select(i => outcomes[i]).ToList();
                verdict = GradingRules.Judge(mine, results, cellErrors.GetValueOrDefault(exercise.Id), stop);
            }

            rows.Add(new GradeRow(student, source.Name, exercise.Id, verdict.Status == GradeStatus.Passed ? exercise.Points : 0, exercise.Points,
                verdict.Status, verdict.Message, verdict.Hint));
        }

        return rows;
    }

    /// <summary>Runs the worker until every call has an outcome. When it dies during a call (memory, crash, flood, a
    /// timed-out call), that call gets the reason and a fresh worker answers the rest, so one runaway exercise costs
    /// only its own points.</summary>
    private (ProbeOutcome?[] Outcomes, Dictionary<string, string> CellErrors, WorkerStop? Stop) Evaluate(
        List<WorkerCell> cells, List<(string Exercise, ProbeSpec Probe)> calls, WorkerLauncher launcher, bool isolate)
    {
        var outcomes = new ProbeOutcome?[calls.Count];
        var cellErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = Enumerable.Range(0, calls.Count).ToList();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        WorkerStop? stop = null;
        for (var attempt = 0; ; attempt++)
        {
            var job = new WorkerJob(WorkerMode.Grade, options.CellTimeout.TotalSeconds, cells,
                [.. pending.Select(i => new ProbeCall(i, calls[i].Probe.Function, calls[i].Probe.ArgumentsJson))]);
            var budget = options.NotebookTimeout - watch.Elapsed;
            var run = launcher.Run(job, isolate, budget > TimeSpan.FromSeconds(1) ? budget : TimeSpan.FromSeconds(1));
            foreach (var failed in run.Messages.Where(m => m.Kind == "cell" && m.Exercise is not null))
            {
                cellErrors.TryAdd(failed.Exercise!, failed.Message ?? failed.Status ?? "failed");
            }

            var seen = new HashSet<int>();
            var allowed = pending.ToHashSet();
            foreach (var message in run.Messages.Where(m => m.Kind == "call"))
            {
                if (!allowed.Contains(message.Index))
                {
                    continue;
                }

                if (!seen.Add(message.Index))
                {
                    outcomes[message.Index] = new ProbeOutcome("violation",
                        null, "two different results came back for the same call: the notebook printed lines in the grader's format (forged results are never accepted)");
                    continue;
                }

                outcomes[message.Index] = message.Status == "timeout" && run.AtMemoryLimit
                    ? new ProbeOutcome("memory", null,
                        $"memory limit: the call was still allocating at the {options.MemoryMegabytes} MB limit (managed, native and scratch space together) when its time ran out")
                    : new ProbeOutcome(message.Status ?? "error", message.Value?.ToJsonString(), message.Message);
            }

            // The worker finished but a line was cut (too long): the offending call cannot be told apart.
            if (run.Stop is { Status: GradeStatus.ProtocolViolation } && run.Done)
            {
                foreach (var i in pending)
                {
                    outcomes[i] = new ProbeOutcome("violation", null, run.Stop.Message);
                }
            }

            var progressed = pending.Any(i => outcomes[i] is not null);
            pending = [.. pending.Where(i => outcomes[i] is null)];
            if (pending.Count == 0 || run.Done)
            {
                break;
            }

            if (!run.Ready || run.Stop is { Status: GradeStatus.Timeout } || attempt >= 8 || watch.Elapsed >= options.NotebookTimeout)
            {
                stop = run.Stop ?? new WorkerStop(GradeStatus.Crashed, "the notebook's process ended before this exercise was checked");
                break;
            }

            if (run.Stop is not null || !progressed)
            {
                outcomes[pending[0]] = new ProbeOutcome(run.Stop?.Status switch
                {
                    GradeStatus.Memory => "memory",
                    GradeStatus.Timeout => "timeout",
                    GradeStatus.ProtocolViolation => "violation",
                    _ => "crashed",
                }, null, run.Stop?.Message ?? "the notebook's process ended during this call");
                pending.RemoveAt(0);
            }

            if (pending.Count == 0)
            {
                break;
            }
        }

        return (outcomes, cellErrors, stop);
    }

    private static string HashFile(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant();

    /// <summary>Changes with the runner and the libraries the workers load (so a rebuilt grader re-grades everything).</summary>
    private static string GraderVersion(string courseCopy)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(courseCopy, "*.dll", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "runtimes" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(courseCopy, f)).Order(StringComparer.Ordinal))
        {
            if (file.StartsWith("runner", StringComparison.Ordinal) && !file.EndsWith("GradientCourse.Runner.dll", StringComparison.Ordinal))
            {
                continue;
            }

            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(courseCopy, file)));
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant()[..16];
    }
}

/// <summary>The resume state: per student and notebook, the hashes it was graded with and its rows.</summary>
internal sealed class GradeState
{
    private const string FileName = "state.json";
    private readonly Dictionary<string, Entry> entries;
    private readonly string version;

    private GradeState(string version, Dictionary<string, Entry> entries)
    {
        this.version = version;
        this.entries = entries;
    }

    /// <summary>The state of an earlier run (or an empty one).</summary>
    public static GradeState Load(ResultsFolder results, string version)
    {
        var text = results.ReadText(Path.Combine(ResultsFolder.StateFolderName, FileName));
        try
        {
            var saved = text is null ? null : JsonSerializer.Deserialize<Saved>(text, WorkerProtocol.Json);
            if (saved is not null && saved.Version == version)
            {
                return new GradeState(version, new Dictionary<string, Entry>(saved.Entries, StringComparer.Ordinal));
            }
        }
        catch (JsonException)
        {
            // start over
        }

        return new GradeState(version, new Dictionary<string, Entry>(StringComparer.Ordinal));
    }

    /// <summary>The rows of <paramref name="key"/> when its hashes are unchanged.</summary>
    public IReadOnlyList<GradeRow>? TryGet(string key, string submission, string source) =>
        entries.TryGetValue(key, out var entry) && entry.Submission == submission && entry.Source == source ? entry.Rows : null;

    /// <summary>Records <paramref name="key"/>'s result.</summary>
    public void Set(string key, string submission, string source, IReadOnlyList<GradeRow> rows) => entries[key] = new Entry(submission, source, rows);

    /// <summary>Writes the state (atomically).</summary>
    public void Save(ResultsFolder results) =>
        results.WriteText(Path.Combine(ResultsFolder.StateFolderName, FileName), JsonSerializer.Serialize(new Saved(version, entries), WorkerProtocol.Json));

    private sealed record Entry(string Submission, string Source, IReadOnlyList<GradeRow> Rows);

    private sealed record Saved(string Version, Dictionary<string, Entry> Entries);
}

/// <summary>Real paths (every symbolic link resolved) for the folder-overlap checks.</summary>
internal static class RealPath
{
    /// <summary>The path with every link on the way resolved (missing tail parts kept as given).</summary>
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : Of(target.FullName);
            }

            current = next;
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    public static bool IsSameOrInside(string path, string folder)
    {
        var p = path.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var f = folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return p.StartsWith(f, StringComparison.Ordinal);
    }
}
