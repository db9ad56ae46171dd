using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientCourse.Runner.Grading;

/// <summary>A source notebook with exercises: its name, its document and its exercises.</summary>
/// <param name="Name">File name without .ipynb.</param>
/// <param name="Path">Full path (read by the grader only).</param>
/// <param name="Document">The notebook JSON.</param>
/// <param name="Exercises">Its exercises, in id order.</param>
/// <param name="Hash">SHA-256 of the file (hex).</param>
internal sealed record SourceNotebook(string Name, string Path, JsonObject Document, IReadOnlyList<ExerciseInfo> Exercises, string Hash);

/// <summary>Builds the cell lists the workers run.</summary>
internal static class GradedNotebook
{
    /// <summary>Record mode (trusted): the instructor's code cells in order, without the check cells (the student's
    /// notebook is graded without them too), with the hidden cells, whose probes are recorded.</summary>
    public static List<WorkerCell> RecordCells(SourceNotebook source)
    {
        var cells = new List<WorkerCell>();
        var number = 0;
        foreach (var cell in ExerciseCatalog.Cells(source.Document))
        {
            number++;
            if (!IsCode(cell))
            {
                continue;
            }

            var (role, exercise) = ExerciseCatalog.RoleOf(cell);
            if (role == CellRole.Check)
            {
                continue;
            }

            cells.Add(new WorkerCell(Label(cell, number), role, exercise, ExerciseCatalog.SourceOf(cell)));
        }

        return cells;
    }

    /// <summary>Grade mode: the released form of the source (hidden cells and hidden regions gone, solutions stubbed),
    /// without check cells, each answer cell's text taken from the submission's cell with the same id. Exercises whose
    /// answer cell the submission lacks are listed in <paramref name="missing"/> (exercise → cell id).</summary>
    public static List<WorkerCell> GradeCells(SourceNotebook source, JsonObject submitted, Dictionary<string, string> missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in ExerciseCatalog.Cells(submitted))
        {
            if (IsCode(cell) && cell["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
            {
                byId.TryAdd(id.GetValue<string>(), ExerciseCatalog.SourceOf(cell));
            }
        }

        var released = Releaser.Release(source.Document, source.Name);
        var cells = new List<WorkerCell>();
        var number = 0;
        foreach (var cell in ExerciseCatalog.Cells(released))
        {
            number++;
            if (!IsCode(cell))
            {
                continue;
            }

            var (role, exercise) = ExerciseCatalog.RoleOf(cell);
            if (role is CellRole.Check or CellRole.Hidden)
            {
                continue;
            }

            var text = ExerciseCatalog.SourceOf(cell);
            if (role == CellRole.Answer)
            {
                var id = cell["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                if (id is null || !byId.TryGetValue(id, out var answer))
                {
                    missing[exercise!] = id ?? Label(cell, number);
                    continue;
                }

                text = answer;
            }

            cells.Add(new WorkerCell(Label(cell, number), role, exercise, text));
        }

        return cells;
    }

    /// <summary>exercise → the zero-parameter functions its answer cell(s) define (the grader's implicit probes for
    /// an exercise without <c>Exercises.Probe</c>).</summary>
    public static Dictionary<string, List<string>> ZeroArgumentFunctions(SourceNotebook source)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var cell in ExerciseCatalog.Cells(source.Document))
        {
            var (role, exercise) = ExerciseCatalog.RoleOf(cell);
            if (role != CellRole.Answer || exercise is null || !IsCode(cell))
            {
                continue;
            }

            var tree = CSharpSyntaxTree.ParseText(ExerciseCatalog.SourceOf(cell), new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
            var names = tree.GetRoot().ChildNodes().OfType<MethodDeclarationSyntax>()
                .Where(m => m.ParameterList.Parameters.Count == 0 && m.TypeParameterList is null
                    && !(m.ReturnType is PredefinedTypeSyntax p && p.Keyword.IsKind(SyntaxKind.VoidKeyword)))
                .Select(m => m.Identifier.ValueText);
            if (!result.TryGetValue(exercise, out var list))
            {
                result[exercise] = list = [];
            }

            list.AddRange(names.Where(n => !list.Contains(n)));
        }

        return result;
    }

    private static bool IsCode(JsonObject cell) =>
        cell["cell_type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "code";

    private static string Label(JsonObject cell, int number) =>
        cell["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String ? $"cell {number} (id '{id.GetValue<string>()}')" : $"cell {number}";
}
