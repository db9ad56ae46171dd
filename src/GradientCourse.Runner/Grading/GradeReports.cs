using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GradientCourse.Runner.Grading;

/// <summary>What the grader writes and prints: grades.csv, totals.csv, feedback pages, the console table and GitHub
/// Classroom's autograding result. All pure functions of the rows (sorted, no timestamps).</summary>
public static class GradeReports
{
    /// <summary>A student id usable as a file name.</summary>
    public static string SafeName(string student) =>
        new([.. (student ?? "").Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);

    /// <summary>grades.csv: student,exercise,points,max,status,message (RFC 4180 quoting; one line per row).</summary>
    public static string GradesCsv(IEnumerable<GradeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("student,exercise,points,max,status,message\n");
        foreach (var r in rows)
        {
            text.Append(Csv(r.Student)).Append(',').Append(Csv(r.Exercise)).Append(',')
                .Append(r.Points.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.Max.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Csv(r.Status.Name())).Append(',').Append(Csv(OneLine(r.Message))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>totals.csv: student,points,max.</summary>
    public static string TotalsCsv(IEnumerable<GradeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("student,points,max\n");
        foreach (var g in rows.GroupBy(r => r.Student).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(Csv(g.Key)).Append(',').Append(g.Sum(r => r.Points).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(g.Sum(r => r.Max).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

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
            {
                text.Append(CultureInfo.InvariantCulture, $"| {r.Exercise} | {r.Points} / {r.Max} | {(r.Status == GradeStatus.Passed ? "✔ passed" : "✘ " + r.Status.Name())} |\n");
            }

            text.Append('\n');
            foreach (var r in notebook)
            {
                text.Append(CultureInfo.InvariantCulture, $"### Exercise {r.Exercise}: {r.Status.Name()}\n\n");
                text.Append(r.Message.Trim()).Append("\n\n");
                if (r.Hint is not null)
                {
                    text.Append("Hint: ").Append(r.Hint.Trim()).Append("\n\n");
                }
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
            {
                text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{table.Count - 1} student(s), {rows.Count(r => r.Status == GradeStatus.Passed)}/{rows.Count} exercise(s) passed");
        return text.ToString();
    }

    /// <summary>
    /// The result GitHub Classroom's <c>education/autograding-grading-reporter</c> reads (base64-encoded, from the
    /// <c>&lt;RUNNER&gt;_RESULTS</c> environment variable): <c>{"version":1,"status":"pass|fail","max_score":M,
    /// "tests":[{"name","status","score","message",…}]}</c>; it adds up <c>tests[].score</c> and <c>max_score</c>.
    /// </summary>
    public static string ClassroomResult(IReadOnlyList<GradeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteString("status", rows.All(r => r.Status == GradeStatus.Passed) ? "pass" : "fail");
            writer.WriteNumber("max_score", rows.Sum(r => r.Max));
            writer.WriteStartArray("tests");
            foreach (var r in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("name", $"Exercise {r.Exercise} ({r.Notebook})");
                writer.WriteString("status", r.Status == GradeStatus.Passed ? "pass" : "fail");
                writer.WriteNumber("score", r.Points);
                writer.WriteString("message", r.Status.Name() + ": " + OneLine(r.Message) + (r.Hint is null ? "" : " Hint: " + OneLine(r.Hint)));
                writer.WriteString("test_code", $"{r.Notebook} exercise {r.Exercise}");
                writer.WriteString("filename", $"notebooks/{r.Notebook}.ipynb");
                writer.WriteNumber("line_no", 0);
                writer.WriteNumber("execution_time", 0);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
