using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GradientCourse.Runner.Notebooks;

/// <summary>Reads and writes nbformat 4 notebooks with System.Text.Json.</summary>
public static class NotebookFile
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a notebook; throws <see cref="NotebookFormatException"/> naming the file when it is
    /// not UTF-8, not JSON, not nbformat 4, or not a C# (.net-csharp) notebook.</summary>
    public static Notebook Read(string path)
    {
        var name = Path.GetFileName(path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(ReadUtf8(path, name), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{name}: not valid JSON ({e.Message})", e);
        }
        if (root is not JsonObject document)
        {
            throw new NotebookFormatException($"{name}: the top level is not a JSON object, so this is not a notebook");
        }
        var format = document["nbformat"]?.GetValueKind() == JsonValueKind.Number ? document["nbformat"]!.GetValue<double>() : (double?)null;
        if (format is < 4)
        {
            throw new NotebookFormatException($"{name}: nbformat {document["nbformat"]!.ToJsonString()} is too old; only nbformat 4 notebooks are " +
                $"supported. Convert it with: jupyter nbconvert --to notebook --nbformat 4 --inplace \"{name}\"");
        }
        if (format != 4)
        {
            throw new NotebookFormatException($"{name}: only nbformat 4 notebooks are supported (found nbformat {document["nbformat"]?.ToJsonString() ?? "missing"})");
        }

        var kernel = document["metadata"]?["kernelspec"]?["name"]?.GetValue<string>();
        if (kernel != ".net-csharp")
        {
            throw new NotebookFormatException($"{name}: not a C# notebook: metadata.kernelspec.name is '{kernel ?? "missing"}', expected '.net-csharp'");
        }

        if (document["cells"] is not JsonArray cellsJson)
        {
            throw new NotebookFormatException($"{name}: 'cells' is missing or not an array");
        }

        var cells = new List<NotebookCell>();
        var number = 0;
        foreach (var node in cellsJson)
        {
            number++;
            if (node is not JsonObject cell)
            {
                throw new NotebookFormatException($"{name}: cell {number} is not a JSON object");
            }
            var kind = cell["cell_type"]?.GetValue<string>() switch
            {
                "markdown" => CellKind.Markdown,
                "code" => CellKind.Code,
                "raw" => CellKind.Raw,
                var other => throw new NotebookFormatException($"{name}: cell {number} has unknown cell_type '{other ?? "missing"}'"),
            };
            cells.Add(new NotebookCell(number, cell, kind, JoinSource(cell["source"], name, number)));
        }
        return new Notebook(Path.GetFullPath(path), document, cells);
    }

    /// <summary>The file's text; a file that is not valid UTF-8 is refused with the offset of the first bad byte.</summary>
    private static string ReadUtf8(string path, string name)
    {
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            var offset = e.Index >= 0 ? $" at byte {(start + e.Index).ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
            throw new NotebookFormatException($"{name}: not UTF-8 (invalid byte sequence{offset}); notebooks are UTF-8 JSON. " +
                $"Re-save it as UTF-8, e.g. iconv -f latin1 -t utf-8 \"{name}\" > fixed.ipynb", e);
        }
    }

    /// <summary>Reads an executed notebook (written by <see cref="ToExecutedJson"/>) with its cells' outputs and
    /// execution counts.</summary>
    public static Notebook ReadExecuted(string path)
    {
        var notebook = Read(path);
        foreach (var cell in notebook.Cells.Where(c => c.Kind == CellKind.Code))
        {
            cell.ExecutionCount = cell.Json["execution_count"]?.GetValueKind() == JsonValueKind.Number ? cell.Json["execution_count"]!.GetValue<int>() : null;
            if (cell.Json["outputs"] is JsonArray outputs)
            {
                cell.Outputs.AddRange(outputs.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()));
            }
        }
        return notebook;
    }

    private static string JoinSource(JsonNode? source, string name, int number) => source switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => throw new NotebookFormatException($"{name}: cell {number} has a source that is neither a string nor a list of strings"),
    };

    /// <summary>Splits text into nbformat's list-of-lines form (each line keeps its newline).</summary>
    public static JsonArray ToLines(string text) => new(SplitLines(text).Select(line => (JsonNode?)JsonValue.Create(line)).ToArray());

    /// <summary>The lines of <paramref name="text"/>, each keeping its trailing newline (the last may have none).</summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }
        return lines;
    }

    /// <summary>The notebook as executed: code cells get their outputs and execution counts (nbformat 4.5).</summary>
    public static JsonObject ToExecutedJson(Notebook notebook)
    {
        var copy = (JsonObject)notebook.Document.DeepClone();
        copy["nbformat"] = 4;
        var minor = copy["nbformat_minor"]?.GetValue<int>() ?? 0;
        copy["nbformat_minor"] = Math.Max(minor, 5);
        var cells = (JsonArray)copy["cells"]!;
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var source = notebook.Cells[i];
            var cell = (JsonObject)cells[i]!;
            if (cell["id"] is null)
            {
                cell["id"] = $"cell-{i}";
            }
            if (source.Kind != CellKind.Code)
            {
                continue;
            }
            cell["execution_count"] = source.ExecutionCount;
            var outputs = new JsonArray();
            foreach (var output in source.Outputs)
            {
                outputs.Add(output.DeepClone());
            }
            cell["outputs"] = outputs;
        }
        return copy;
    }

    /// <summary>Writes JSON to a temporary file next to the target, then moves it into place,
    /// so a failure never leaves a half-written file.</summary>
    public static void WriteAtomically(string path, JsonNode json)
    {
        var text = json.ToJsonString(WriteOptions) + "\n";
        WriteTextAtomically(path, text);
    }

    /// <summary>Writes text through a temporary file and a move.</summary>
    public static void WriteTextAtomically(string path, string text)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
