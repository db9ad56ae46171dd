using System.Text.Json.Nodes;

namespace GradientCourse.Runner.Notebooks;

/// <summary>An nbformat 4 notebook: its JSON document, kept whole so that unknown metadata survives a round trip.</summary>
public sealed class Notebook
{
    internal Notebook(string path, JsonObject document, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        Document = document;
        Cells = cells;
    }

    /// <summary>The file the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>File name without extension, e.g. <c>00-welcome</c>.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The whole JSON document (cells are edited in place through <see cref="Cells"/>).</summary>
    public JsonObject Document { get; }

    /// <summary>The cells in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The text of the first markdown heading, or the file name when there is none.</summary>
    public string Title
    {
        get
        {
            foreach (var cell in Cells.Where(c => c.Kind == CellKind.Markdown))
            {
                foreach (var line in cell.Source.Split('\n'))
                {
                    var trimmed = line.TrimStart();
                    if (trimmed.StartsWith('#'))
                    {
                        return trimmed.TrimStart('#').Trim();
                    }
                }
            }
            return Name;
        }
    }
}

/// <summary>The kinds of cell nbformat 4 knows.</summary>
public enum CellKind
{
    /// <summary>Markdown text.</summary>
    Markdown,

    /// <summary>C# code the runner executes.</summary>
    Code,

    /// <summary>Raw text, shown as is.</summary>
    Raw,
}

/// <summary>One cell: a view over its JSON object.</summary>
public sealed class NotebookCell
{
    internal NotebookCell(int number, JsonObject json, CellKind kind, string source)
    {
        Number = number;
        Json = json;
        Kind = kind;
        Source = source;
    }

    /// <summary>1-based position in the notebook (the number reported in errors).</summary>
    public int Number { get; }

    /// <summary>The cell's JSON object.</summary>
    public JsonObject Json { get; }

    /// <summary>Markdown, code or raw.</summary>
    public CellKind Kind { get; }

    /// <summary>The source joined into one string.</summary>
    public string Source { get; }

    /// <summary>The nbformat cell id, if any.</summary>
    public string? Id => Json["id"]?.GetValue<string>();

    /// <summary>How errors name this cell: number and id.</summary>
    public string Label => Id is null ? $"cell {Number}" : $"cell {Number} (id '{Id}')";

    /// <summary>Outputs written by the runner (code cells only).</summary>
    public List<JsonObject> Outputs { get; } = [];

    /// <summary>Execution count, null when the cell did not run.</summary>
    public int? ExecutionCount { get; set; }
}
