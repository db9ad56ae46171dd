using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GradientCourse.Runner.Grading;

/// <summary>What a cell is for in the exercise convention.</summary>
public enum CellRole
{
    /// <summary>Any other cell (setup, demonstration, prose).</summary>
    None,

    /// <summary>The learner's answer (<c>ex-NN-k-answer</c>): holds a <c>// BEGIN SOLUTION</c> region.</summary>
    Answer,

    /// <summary>The learner-visible check (<c>ex-NN-k-check</c>): calls <c>Exercises.*("NN.k", …)</c>.</summary>
    Check,

    /// <summary>Instructor-only tests (<c>ex-NN-k-hidden</c>): removed from student copies, run when grading.</summary>
    Hidden,
}

/// <summary>One exercise of a source notebook: its id and points.</summary>
public sealed record ExerciseInfo(string Id, int Points)
{
    /// <summary>Orders ids "NN.k" numerically (01.2 before 01.10).</summary>
    public static int Compare(string a, string b)
    {
        static (int, int, string) Key(string id)
        {
            var parts = id.Split('.');
            return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                ? (n, k, id) : (int.MaxValue, int.MaxValue, id);
        }
        var (x, y) = (Key(a), Key(b));
        var c = x.Item1.CompareTo(y.Item1);
        if (c == 0)
        {
            c = x.Item2.CompareTo(y.Item2);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Item3, y.Item3);
    }
}

/// <summary>
/// Reads the exercise convention of the course notebooks:
/// a markdown heading <c>### Exercise NN.k (P point[s])</c>; code cells with ids <c>ex-NN-k-answer</c>,
/// <c>ex-NN-k-check</c> and optionally <c>ex-NN-k-hidden</c>. Cell metadata
/// <c>{"gradientcourse": {"exercise": "NN.k", "role": "answer|check|hidden", "points": P}}</c> takes precedence
/// over the id and the heading when present.
/// </summary>
public static partial class ExerciseCatalog
{
    /// <summary>The solution markers (nbgrader's).</summary>
    public const string BeginSolution = "// BEGIN SOLUTION";

    /// <summary>End of a solution region.</summary>
    public const string EndSolution = "// END SOLUTION";

    /// <summary>Start of a hidden-test region.</summary>
    public const string BeginHidden = "// BEGIN HIDDEN TESTS";

    /// <summary>End of a hidden-test region.</summary>
    public const string EndHidden = "// END HIDDEN TESTS";

    [GeneratedRegex(@"^ex-(?<nn>\d{2})-(?<k>\d+)-(?<role>answer|check|hidden)$", RegexOptions.CultureInvariant)]
    private static partial Regex CellIdPattern();

    [GeneratedRegex(@"^\s*#{1,6}\s*Exercise\s+(?<id>\d{2}\.\d+)\s*\(\s*(?<points>\d+)\s*points?\s*\)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    /// <summary>The role and exercise id of a cell (from metadata, else from its id).</summary>
    public static (CellRole Role, string? Exercise) RoleOf(JsonObject cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell["metadata"] is JsonObject { } metadata && metadata["gradientcourse"] is JsonObject meta
            && meta["role"] is JsonValue roleValue && roleValue.GetValueKind() == JsonValueKind.String
            && meta["exercise"] is JsonValue exValue && exValue.GetValueKind() == JsonValueKind.String)
        {
            var role = ParseRole(roleValue.GetValue<string>());
            if (role != CellRole.None)
            {
                return (role, exValue.GetValue<string>());
            }
        }
        var id = cell["id"] is JsonValue idValue && idValue.GetValueKind() == JsonValueKind.String ? idValue.GetValue<string>() : null;
        if (id is null)
        {
            return (CellRole.None, null);
        }

        var match = CellIdPattern().Match(id);
        return match.Success
            ? (ParseRole(match.Groups["role"].Value), $"{match.Groups["nn"].Value}.{match.Groups["k"].Value}")
            : (CellRole.None, null);
    }

    private static CellRole ParseRole(string role) => role switch
    {
        "answer" => CellRole.Answer,
        "check" => CellRole.Check,
        "hidden" => CellRole.Hidden,
        _ => CellRole.None,
    };

    /// <summary>The exercises of a notebook document in id order: every id that has a heading or an exercise cell;
    /// points from the heading (or <c>gradientcourse.points</c> metadata), 1 when neither states them.</summary>
    public static IReadOnlyList<ExerciseInfo> Exercises(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var points = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cell in Cells(document))
        {
            var (role, exercise) = RoleOf(cell);
            if (exercise is not null && role != CellRole.None)
            {
                points.TryAdd(exercise, 1);
            }

            if (cell["cell_type"]?.GetValue<string>() == "markdown")
            {
                foreach (Match m in HeadingPattern().Matches(SourceOf(cell)))
                {
                    points[m.Groups["id"].Value] = int.Parse(m.Groups["points"].Value, CultureInfo.InvariantCulture);
                }
            }
        }
        foreach (var cell in Cells(document))
        {
            if (cell["metadata"]?["gradientcourse"] is JsonObject meta && meta["exercise"] is JsonValue ex
                && ex.GetValueKind() == JsonValueKind.String && meta["points"] is JsonValue p && p.GetValueKind() == JsonValueKind.Number)
            {
                points[ex.GetValue<string>()] = p.GetValue<int>();
            }
        }
        return points.Select(kv => new ExerciseInfo(kv.Key, kv.Value)).Order(Comparer<ExerciseInfo>.Create((a, b) => ExerciseInfo.Compare(a.Id, b.Id))).ToList();
    }

    /// <summary>The cell objects of a document (non-objects skipped).</summary>
    public static IEnumerable<JsonObject> Cells(JsonObject document) =>
        (document?["cells"] as JsonArray ?? []).OfType<JsonObject>();

    /// <summary>A cell's source joined into one string (empty when absent or malformed).</summary>
    public static string SourceOf(JsonObject cell) => cell?["source"] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray lines => string.Concat(lines.Select(l => l is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : "")),
        _ => "",
    };
}
