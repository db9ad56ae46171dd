using System.Text;
using System.Text.Json.Nodes;

namespace GradientCourse.Kernel.Tests;

/// <summary>Reading nbformat 4 JSON.</summary>
internal static class Notebook
{
    public static JsonObject Load(string path) => JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8))!.AsObject();

    /// <summary>The code cells, in order.</summary>
    public static List<JsonObject> CodeCells(JsonObject notebook) =>
        notebook["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => c["cell_type"]!.GetValue<string>() == "code").ToList();

    /// <summary>A cell's id (nbformat 4.5).</summary>
    public static string Id(JsonObject cell) => cell["id"]?.GetValue<string>() ?? "?";

    /// <summary>Joins an nbformat multiline string (a string or a list of lines).</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue value => value.GetValue<string>(),
        _ => "",
    };
}
