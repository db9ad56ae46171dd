using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Grading;

/// <summary>Options of the <c>grade</c> verb.</summary>
/// <param name="SubmissionsDirectory">The submissions (only read).</param>
/// <param name="OutputDirectory">Where grades.csv, totals.csv and feedback/ go.</param>
/// <param name="SourceDirectory">The instructor's notebooks (only read).</param>
/// <param name="CellTimeout">Longest a single cell (an answer, a check, a hidden test) may run.</param>
/// <param name="NotebookTimeout">Wall-clock limit of one worker process (one student's notebook).</param>
/// <param name="MemoryMegabytes">Managed-heap limit of a worker (DOTNET_GCHeapHardLimit); the working set is also watched.</param>
public sealed record GradeOptions(string SubmissionsDirectory, string OutputDirectory, string SourceDirectory,
    TimeSpan CellTimeout, TimeSpan NotebookTimeout, int MemoryMegabytes);

/// <summary>One line of grades.csv.</summary>
public sealed record GradeRow(string Student, string Notebook, string Exercise, int Points, int Max, string Status, string Message, string? Hint);

/// <summary>
/// Grades a folder of submissions against the instructor's source notebooks. For each student and notebook it
/// rebuilds the notebook to grade from the submission's answer cells (matched by cell id) and the source's other
/// cells (setup, checks, hidden tests), runs it in a separate worker process with time and memory limits in a scratch
/// folder, and turns the worker's authenticated verdicts into points. Writes grades.csv, totals.csv and one
/// feedback page per student; prints a summary table.
/// </summary>
public sealed class Grader(GradeOptions options, TextWriter log)
{
    private const long MaxSubmissionBytes = 20L * 1024 * 1024;

    /// <summary>Runs the whole batch; returns the exit code (0 when every submission was graded, 2 on a usage error).</summary>
    public int Run()
    {
        var sources = Path.GetFullPath(options.SourceDirectory);
        var submissions = Path.GetFullPath(options.SubmissionsDirectory);
        var output = Path.GetFullPath(options.OutputDirectory);
        if (!Directory.Exists(sources) || !Directory.Exists(submissions))
        {
            log.WriteLine($"grade: no such folder: {(Directory.Exists(sources) ? submissions : sources)}");
            return 2;
        }
        if (IsSameOrInside(output, submissions) || IsSameOrInside(output, sources) || IsSameOrInside(submissions, output))
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
        var students = Discover(submissions, sourceNotebooks);
        if (students.Count == 0)
        {
            log.WriteLine($"grade: no submissions in {submissions} (one folder per student, or files named <student>__NN-topic.ipynb)");
            return 2;
        }

        var rows = new List<GradeRow>();
        foreach (var (student, files) in students.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var source in sourceNotebooks)
            {
                files.TryGetValue(source.Name, out var file);
                log.Write($"  {student} / {source.Name} ... ");
                var graded = GradeOne(student, source, file);
                log.WriteLine($"{graded.Sum(r => r.Points)}/{graded.Sum(r => r.Max)}");
                rows.AddRange(graded);
            }
        }
        rows = [.. rows.OrderBy(r => r.Student, StringComparer.Ordinal).ThenBy(r => r.Exercise, Comparer<string>.Create(ExerciseInfo.Compare))];

        // Written last, from memory: nothing a worker may have left on disk is read or kept.
        NotebookFile.WriteTextAtomically(Path.Combine(output, "grades.csv"), GradesCsv(rows));
        NotebookFile.WriteTextAtomically(Path.Combine(output, "totals.csv"), TotalsCsv(rows));
        foreach (var group in rows.GroupBy(r => r.Student))
            NotebookFile.WriteTextAtomically(Path.Combine(output, "feedback", SafeName(group.Key) + ".md"), Feedback(group.Key, [.. group]));
        log.Write(Summary(rows, sourceNotebooks.Select(s => s.Name).ToList()));
        log.WriteLine($"grades: {Path.Combine(output, "grades.csv")}; feedback: {Path.Combine(output, "feedback")}");
        return 0;
    }

    private sealed record SourceNotebook(string Name, string Path, JsonObject Document, IReadOnlyList<ExerciseInfo> Exercises);

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
                result.Add(new SourceNotebook(notebook.Name, notebook.Path, notebook.Document, exercises));
        }
        return result;
    }

    /// <summary>student → source notebook name → submitted file. Layouts: <c>&lt;dir&gt;/&lt;student&gt;/NN-topic.ipynb</c>
    /// and <c>&lt;dir&gt;/&lt;student&gt;__NN-topic.ipynb</c>; a file matches a source by its exact name, else by its
    /// two-digit number prefix.</summary>
    private Dictionary<string, Dictionary<string, string>> Discover(string directory, List<SourceNotebook> sources)
    {
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string student, string file)
        {
            if (!found.TryGetValue(student, out var list))
                found[student] = list = [];
            list.Add(file);
        }
        foreach (var sub in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            if (name.StartsWith('.'))
                continue;
            var files = Directory.GetFiles(sub, "*.ipynb", SearchOption.AllDirectories)
                .Where(f => !f.Contains(".ipynb_checkpoints", StringComparison.Ordinal)).ToList();
            if (files.Count == 0)
                found.TryAdd(name, []);
            foreach (var file in files)
                Add(name, file);
        }
        foreach (var file in Directory.GetFiles(directory, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var split = name.IndexOf("__", StringComparison.Ordinal);
            if (split <= 0)
            {
                log.WriteLine($"grade: ignoring {Path.GetFileName(file)}: name it <student>__NN-topic.ipynb or put it in a folder named after the student");
                continue;
            }
            Add(name[..split], file);
        }

        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (student, files) in found)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in sources)
            {
                static string Stem(string f)
                {
                    var stem = Path.GetFileNameWithoutExtension(f);
                    var split = stem.IndexOf("__", StringComparison.Ordinal);
                    return split > 0 ? stem[(split + 2)..] : stem;
                }
                var ordered = files.Order(StringComparer.Ordinal).ToList();
                var match = ordered.FirstOrDefault(f => Stem(f) == source.Name)
                    ?? ordered.FirstOrDefault(f => Stem(f).Length >= 3 && source.Name.Length >= 3
                        && Stem(f)[..2] == source.Name[..2] && char.IsAsciiDigit(Stem(f)[0]) && char.IsAsciiDigit(Stem(f)[1]) && !char.IsAsciiDigit(Stem(f)[2]));
                if (match is not null)
                    map[source.Name] = match;
            }
            result[student] = map;
        }
        return result;
    }

    private List<GradeRow> GradeOne(string student, SourceNotebook source, string? file)
    {
        List<GradeRow> All(string status, string message) =>
            [.. source.Exercises.Select(e => new GradeRow(student, source.Name, e.Id, 0, e.Points, status, message, null))];

        if (file is null)
            return All("missing", $"no submission of {source.Name}.ipynb");
        JsonObject submitted;
        try
        {
            if (new FileInfo(file).Length > MaxSubmissionBytes)
                return All("malformed", $"{Path.GetFileName(file)} is larger than {MaxSubmissionBytes / 1024 / 1024} MB");
            var node = JsonNode.Parse(File.ReadAllBytes(file));
            if (node is not JsonObject o || o["cells"] is not JsonArray)
                return All("malformed", $"{Path.GetFileName(file)} is JSON but not a notebook (no 'cells' list)");
            submitted = o;
        }
        catch (JsonException e)
        {
            return All("malformed", $"{Path.GetFileName(file)} is not valid notebook JSON ({e.Message}); open it in the editor, fix or re-save it, and resubmit");
        }
        catch (IOException e)
        {
            return All("malformed", $"{Path.GetFileName(file)} could not be read ({e.GetType().Name})");
        }

        // The notebook to grade: the source's cells, with each answer cell's text taken from the submission.
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in ExerciseCatalog.Cells(submitted))
        {
            if (cell["cell_type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "code"
                && cell["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
                byId.TryAdd(id.GetValue<string>(), ExerciseCatalog.SourceOf(cell));
        }
        var cells = new List<WorkerCell>();
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        var hasCheck = new HashSet<string>(StringComparer.Ordinal);
        var hasHidden = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var cell in ExerciseCatalog.Cells(source.Document))
        {
            number++;
            if (cell["cell_type"]?.GetValue<string>() != "code")
                continue;
            var (role, exercise) = ExerciseCatalog.RoleOf(cell);
            var id = cell["id"]?.GetValue<string>();
            var label = id is null ? $"cell {number}" : $"cell {number} (id '{id}')";
            var text = ExerciseCatalog.SourceOf(cell);
            if (role == CellRole.Answer)
            {
                if (id is null || !byId.TryGetValue(id, out var answer))
                {
                    missing[exercise!] = id ?? label;
                    continue;
                }
                text = answer;
            }
            if (role == CellRole.Check)
                hasCheck.Add(exercise!);
            if (role == CellRole.Hidden)
                hasHidden.Add(exercise!);
            cells.Add(new WorkerCell(label, role, exercise, text));
        }

        var run = RunWorker(student, source, new WorkerJob(source.Path, options.CellTimeout.TotalSeconds, cells));
        var rows = new List<GradeRow>();
        foreach (var exercise in source.Exercises)
        {
            var (status, message, hint) = missing.TryGetValue(exercise.Id, out var missingId)
                ? ("missing", $"the answer cell '{missingId}' is not in the submission (deleted, or its id changed); copy it back from the released notebook and answer there", (string?)null)
                : Judge(exercise.Id, run, hasCheck.Contains(exercise.Id), hasHidden.Contains(exercise.Id));
            rows.Add(new GradeRow(student, source.Name, exercise.Id, status == "passed" ? exercise.Points : 0, exercise.Points, status, message, hint));
        }
        return rows;
    }

    private sealed record WorkerRun(List<WorkerReport> Reports, string? Stopped);

    private static (string Status, string Message, string? Hint) Judge(string exercise, WorkerRun run, bool hasCheck, bool hasHidden)
    {
        var mine = run.Reports.Where(r => r.Exercise == exercise).ToList();
        WorkerReport? CellFailure(CellRole role) => mine.FirstOrDefault(r => r.Kind == "cell" && r.Role == role);
        var answerFailure = CellFailure(CellRole.Answer);
        var checkFailure = CellFailure(CellRole.Check);
        var hiddenFailure = CellFailure(CellRole.Hidden);
        var checks = mine.Where(r => r.Kind == "verdict" && r.Role == CellRole.Check).ToList();
        var hidden = mine.Where(r => r.Kind == "verdict" && r.Role == CellRole.Hidden).ToList();
        var noVerdict = run.Stopped ?? "the grader received no verdict for this exercise";

        if (answerFailure is { Status: "timeout" or "memory" })
            return (answerFailure.Status, "your answer cell failed: " + answerFailure.Message, null);
        if (checks.FirstOrDefault(c => !c.Passed) is { } failed)
            return (failed.NotAnswered ? "not-answered" : "failed", failed.Message, failed.Hint);
        if (checkFailure is not null)
        {
            return answerFailure is not null
                ? (answerFailure.Status ?? "error", "your answer cell failed: " + answerFailure.Message, null)
                : (checkFailure.Status ?? "error", checkFailure.Status == "timeout"
                    ? "the check of your answer hit the time limit: " + checkFailure.Message
                    : "the check could not run with your answer: " + checkFailure.Message, null);
        }
        if (!hasCheck && !hasHidden)
            return ("error", "the source notebook has no check for this exercise (instructor: add an ex-NN-k-check cell)", null);
        if (hasCheck && checks.Count == 0)
            return (Stopped(run), noVerdict, null);
        if (hasHidden)
        {
            if (hiddenFailure is not null)
                return (hiddenFailure.Status == "error" ? "failed" : hiddenFailure.Status ?? "failed", "a hidden test failed: " + hiddenFailure.Message, null);
            if (hidden.FirstOrDefault(c => !c.Passed) is { } hiddenFailed)
                return ("failed", "a hidden test failed: " + hiddenFailed.Message, hiddenFailed.Hint);
            if (hidden.Count == 0)
                return (Stopped(run), noVerdict, null);
        }
        return ("passed", checks.Count > 0 ? checks[^1].Message : "hidden tests passed", null);
    }

    private static string Stopped(WorkerRun run) => run.Stopped switch
    {
        null => "error",
        var s when s.StartsWith("time limit", StringComparison.Ordinal) => "timeout",
        var s when s.StartsWith("memory limit", StringComparison.Ordinal) => "memory",
        _ => "crashed",
    };

    /// <summary>Starts <c>GradientCourse.Runner grade-worker</c> in a scratch folder with the limits, sends it a fresh key
    /// and the job, keeps the authenticated reports.</summary>
    private WorkerRun RunWorker(string student, SourceNotebook source, WorkerJob job)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "gradientcourse-grade",
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(options.OutputDirectory))))[..12],
            SafeName(student), source.Name);
        DeleteQuietly(scratch);
        Directory.CreateDirectory(scratch);
        var key = RandomNumberGenerator.GetBytes(32);
        var reports = new List<WorkerReport>();
        string? stopped = null;
        try
        {
            var self = Environment.ProcessPath ?? "dotnet";
            var start = new ProcessStartInfo(self)
            {
                WorkingDirectory = scratch,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
                start.ArgumentList.Add(typeof(Grader).Assembly.Location);
            start.ArgumentList.Add("grade-worker");
            var limit = (long)options.MemoryMegabytes * 1024 * 1024;
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limit.ToString("X", CultureInfo.InvariantCulture);
            start.Environment["DOTNET_gcServer"] = "0";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["HOME"] = scratch;
            start.Environment["TMPDIR"] = scratch;

            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the grading worker");
            long sequence = 0;
            var done = false;
            var lines = 0;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null || ++lines > 100_000 || e.Data.Length > 1_000_000)
                    return;
                lock (reports)
                {
                    var report = WorkerProtocol.Open(key, sequence, e.Data);
                    if (report is null)
                        return;
                    sequence++;
                    if (report.Kind == "done")
                        done = true;
                    else
                        reports.Add(report);
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.WriteLine(Convert.ToHexString(key));
            process.StandardInput.Write(JsonSerializer.Serialize(job, WorkerProtocol.Json));
            process.StandardInput.Close();

            var watch = Stopwatch.StartNew();
            // Working-set ceiling: the heap limit plus room for the runtime, Roslyn and the libraries' native parts.
            var ceiling = limit + 1024L * 1024 * 1024;
            while (!process.WaitForExit(100))
            {
                if (watch.Elapsed > options.NotebookTimeout)
                {
                    stopped = $"time limit: grading {source.Name} was stopped after {options.NotebookTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s before this exercise was checked";
                    break;
                }
                long workingSet;
                try
                {
                    process.Refresh();
                    workingSet = process.WorkingSet64;
                }
                catch (InvalidOperationException)
                {
                    continue; // it has just exited
                }
                if (workingSet > ceiling)
                {
                    stopped = $"memory limit: the notebook used more than {ceiling / 1024 / 1024} MB before this exercise was checked";
                    break;
                }
            }
            if (stopped is not null)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            else
            {
                process.WaitForExit(); // drain the output
                lock (reports)
                {
                    if (!done)
                        stopped = $"the notebook's process ended unexpectedly (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}) before this exercise was checked: a stack overflow, Environment.Exit or a crash";
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            DeleteQuietly(scratch);
        }
        lock (reports)
            return new WorkerRun([.. reports], stopped);
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover scratch folder is harmless; it is wiped before its next use
        }
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var p = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var f = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return p.StartsWith(f, StringComparison.Ordinal);
    }

    /// <summary>A student id usable as a file name.</summary>
    public static string SafeName(string student) =>
        new([.. (student ?? "").Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);

    /// <summary>grades.csv: student,exercise,points,max,status,message (RFC 4180 quoting; one line per row).</summary>
    public static string GradesCsv(IEnumerable<GradeRow> rows)
    {
        var text = new StringBuilder("student,exercise,points,max,status,message\n");
        foreach (var r in rows)
        {
            text.Append(Csv(r.Student)).Append(',').Append(Csv(r.Exercise)).Append(',')
                .Append(r.Points.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.Max.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Csv(r.Status)).Append(',').Append(Csv(OneLine(r.Message))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>totals.csv: student,points,max.</summary>
    public static string TotalsCsv(IEnumerable<GradeRow> rows)
    {
        var text = new StringBuilder("student,points,max\n");
        foreach (var g in rows.GroupBy(r => r.Student).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(Csv(g.Key)).Append(',').Append(g.Sum(r => r.Points).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(g.Sum(r => r.Max).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>The per-student feedback page (Markdown).</summary>
    public static string Feedback(string student, IReadOnlyList<GradeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Feedback for {student}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"**Total: {rows.Sum(r => r.Points)} / {rows.Sum(r => r.Max)} points**\n\n");
        foreach (var notebook in rows.GroupBy(r => r.Notebook))
        {
            text.Append(CultureInfo.InvariantCulture, $"## {notebook.Key} — {notebook.Sum(r => r.Points)} / {notebook.Sum(r => r.Max)}\n\n");
            text.Append("| Exercise | Points | Status |\n|---|---|---|\n");
            foreach (var r in notebook)
                text.Append(CultureInfo.InvariantCulture, $"| {r.Exercise} | {r.Points} / {r.Max} | {(r.Status == "passed" ? "✔ passed" : "✘ " + r.Status)} |\n");
            text.Append('\n');
            foreach (var r in notebook)
            {
                text.Append(CultureInfo.InvariantCulture, $"### Exercise {r.Exercise}: {r.Status}\n\n");
                text.Append(r.Message.Trim()).Append("\n\n");
                if (r.Hint is not null)
                    text.Append("Hint: ").Append(r.Hint.Trim()).Append("\n\n");
            }
        }
        return text.ToString();
    }

    /// <summary>The console table: one row per student, points per notebook and the total.</summary>
    public static string Summary(IReadOnlyList<GradeRow> rows, IReadOnlyList<string> notebooks)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(notebooks);
        var table = new List<string[]> { notebooks.Prepend("student").Append("total").ToArray() };
        foreach (var g in rows.GroupBy(r => r.Student).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var cells = new List<string> { g.Key };
            foreach (var nb in notebooks)
            {
                var mine = g.Where(r => r.Notebook == nb).ToList();
                cells.Add($"{mine.Sum(r => r.Points)}/{mine.Sum(r => r.Max)}");
            }
            cells.Add($"{g.Sum(r => r.Points)}/{g.Sum(r => r.Max)}");
            table.Add([.. cells]);
        }
        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder("\n");
        for (var i = 0; i < table.Count; i++)
        {
            text.AppendLine(string.Join("  ", table[i].Select((c, j) => c.PadRight(widths[j]))).TrimEnd());
            if (i == 0)
                text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        }
        var students = table.Count - 1;
        text.AppendLine(CultureInfo.InvariantCulture, $"{students} student(s), {rows.Count(r => r.Status == "passed")}/{rows.Count} exercise(s) passed");
        return text.ToString();
    }
}
