using System.Text;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// Makes student copies of instructor notebooks: every <c>// BEGIN SOLUTION</c> … <c>// END SOLUTION</c> region
/// keeps its two marker lines (so learners see where their code goes) but its body becomes one line,
/// <c>throw new NotImplementedException("Exercise NN.k: your code here");</c>, at the region's indentation;
/// hidden-test cells (<c>ex-NN-k-hidden</c>) are dropped and <c>// BEGIN HIDDEN TESTS</c> … <c>// END HIDDEN TESTS</c>
/// regions elsewhere are removed with their markers; outputs and execution counts are cleared; cell ids and
/// metadata are kept so that submissions can be matched back. The output is a pure function of the input.
/// </summary>
public static partial class Releaser
{
    /// <summary>The student copy of one notebook document (the input is not modified).</summary>
    public static JsonObject Release(JsonObject source, string notebookName)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = (JsonObject)source.DeepClone();
        if (copy["cells"] is not JsonArray cells)
        {
            throw new NotebookFormatException($"{notebookName}: 'cells' is missing or not an array");
        }

        var kept = new JsonArray();
        string? lastExercise = null;
        var number = 0;
        foreach (var node in cells.ToList())
        {
            number++;
            cells.Remove(node);
            if (node is not JsonObject cell)
            {
                throw new NotebookFormatException($"{notebookName}: cell {number} is not a JSON object");
            }

            var (role, exercise) = ExerciseCatalog.RoleOf(cell);
            var text = ExerciseCatalog.SourceOf(cell);
            foreach (var heading in ExerciseCatalog.Exercises(new JsonObject { ["cells"] = new JsonArray(cell.DeepClone()) }))
            {
                lastExercise = heading.Id;
            }

            exercise ??= lastExercise;
            if (role == CellRole.Hidden || IsSolutionsGuide(cell))
            {
                continue;
            }
            var label = $"{notebookName}: cell {number}{(cell["id"] is JsonValue id ? $" (id '{id}')" : "")}";
            var released = ReplaceSolutions(RemoveHidden(text, label), exercise, label);
            if (!string.Equals(released, text, StringComparison.Ordinal))
            {
                cell["source"] = NotebookFile.ToLines(released);
            }

            if (cell["cell_type"]?.GetValue<string>() == "code")
            {
                cell["outputs"] = new JsonArray();
                cell["execution_count"] = null;
            }
            kept.Add(cell);
        }
        copy["cells"] = kept;
        return copy;
    }

    /// <summary>Where a released document still holds a quiz key in the old form <c>new QuizOption("B", "…", true, …)</c>
    /// (an option flagged correct in a cell the student gets).</summary>
    public static IEnumerable<string> QuizKeys(JsonObject released, string notebookName)
    {
        ArgumentNullException.ThrowIfNull(released);
        var number = 0;
        foreach (var cell in ExerciseCatalog.Cells(released))
        {
            number++;
            var text = ExerciseCatalog.SourceOf(cell);
            if (QuizKeyPattern().IsMatch(text))
            {
                yield return $"{notebookName}: cell {number}{(cell["id"] is JsonValue id ? $" (id '{id}')" : "")} flags a QuizOption as correct";
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"QuizOption\s*\(\s*""[^""]*""\s*,\s*(""(?:[^""\\]|\\.)*""|\$""(?:[^""\\]|\\.)*"")\s*,\s*(isCorrect\s*:\s*)?true\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex QuizKeyPattern();

    /// <summary>True for the instructor's per-notebook solutions guide (id <c>ex-NN-solutions</c> or metadata role
    /// "solutions"), which release drops and the grader ignores.</summary>
    public static bool IsSolutionsGuide(JsonObject cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var id = cell["id"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : "";
        var role = cell["metadata"]?["gradientcourse"]?["role"] is JsonValue r && r.GetValueKind() == System.Text.Json.JsonValueKind.String ? r.GetValue<string>() : "";
        return role == "solutions" || SolutionsGuidePattern().IsMatch(id);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^ex-\d{2}-solutions$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SolutionsGuidePattern();

    /// <summary>The stub a solution region becomes.</summary>
    public static string Stub(string? exercise) =>
        $"throw new NotImplementedException(\"Exercise {exercise ?? "?"}: your code here\");";

    private static string RemoveHidden(string text, string label)
    {
        var lines = NotebookFile.SplitLines(text);
        var output = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!IsMarker(lines[i], ExerciseCatalog.BeginHidden))
            {
                output.Append(lines[i]);
                continue;
            }
            var end = FindMarker(lines, i + 1, ExerciseCatalog.EndHidden)
                ?? throw new NotebookFormatException($"{label}: '{ExerciseCatalog.BeginHidden}' without '{ExerciseCatalog.EndHidden}'");
            i = end;
        }
        return output.ToString();
    }

    private static string ReplaceSolutions(string text, string? exercise, string label)
    {
        var lines = NotebookFile.SplitLines(text);
        var output = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            output.Append(lines[i]);
            if (!IsMarker(lines[i], ExerciseCatalog.BeginSolution))
            {
                continue;
            }

            var end = FindMarker(lines, i + 1, ExerciseCatalog.EndSolution)
                ?? throw new NotebookFormatException($"{label}: '{ExerciseCatalog.BeginSolution}' without '{ExerciseCatalog.EndSolution}'");
            var indent = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)];
            if (!lines[i].EndsWith('\n'))
            {
                output.Append('\n');
            }

            output.Append(indent).Append(Stub(exercise)).Append('\n');
            output.Append(lines[end]);
            i = end;
        }
        return output.ToString();
    }

    private static bool IsMarker(string line, string marker) =>
        line.Trim().StartsWith(marker, StringComparison.Ordinal);

    private static int? FindMarker(List<string> lines, int from, string marker)
    {
        for (var j = from; j < lines.Count; j++)
        {
            if (IsMarker(lines[j], marker))
            {
                return j;
            }
        }
        return null;
    }


    /// <summary>Releases every <c>*.ipynb</c> of <paramref name="notebooksDirectory"/> into <paramref name="outDirectory"/>;
    /// refuses to write into the sources' folder. Returns the exit code.</summary>
    public static int ReleaseAll(string notebooksDirectory, string outDirectory, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var sources = Path.GetFullPath(notebooksDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var output = Path.GetFullPath(outDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var (realSources, realOutput) = (RealPath.Of(sources), RealPath.Of(output));
        if (RealPath.IsSameOrInside(realSources, realOutput) || RealPath.IsSameOrInside(realOutput, realSources))
        {
            log.WriteLine($"release: --out {output} is, contains or lies inside the sources' folder {sources} (real paths, links followed); choose another folder (the sources are never overwritten)");
            return 2;
        }

        if (File.Exists(output))
        {
            log.WriteLine($"release: --out {output} is a file, not a folder");
            return 2;
        }

        var files = Directory.GetFiles(sources, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            log.WriteLine($"release: no *.ipynb in {sources}");
            return 2;
        }
        var failed = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            try
            {
                var notebook = NotebookFile.Read(file);
                var released = Release(notebook.Document, name);
                if (QuizKeys(released, name).FirstOrDefault() is { } key)
                {
                    log.WriteLine($"release FAILED {name}: {key}: a student copy must not contain a quiz key; pass Exercises.KeyHash(id, \"B\") to the check instead");
                    failed++;
                    continue;
                }

                var exercises = ExerciseCatalog.Exercises(released);
                NotebookFile.WriteAtomically(Path.Combine(output, Path.GetFileName(file)), released);
                log.WriteLine($"released {name}: {exercises.Count} exercise(s), {exercises.Sum(e => e.Points)} point(s)");
            }
            catch (Exception e) when (e is NotebookFormatException or IOException)
            {
                log.WriteLine($"release FAILED {name}: {e.Message}");
                failed++;
            }
        }
        log.WriteLine($"student copies in {output}");
        return failed == 0 ? 0 : 1;
    }
}
