using System.Text.Json;
using Plotly.NET;

namespace GradientCourse.Tests.Charts;

/// <summary>Reads a chart's Plotly JSON: traces, axis types, numbers.</summary>
internal static class ChartJson
{
    public static JsonElement Parse(GenericChart chart) => JsonDocument.Parse(GradientCourse.Charts.ToJson(chart)).RootElement;

    public static List<JsonElement> Traces(JsonElement json) => json.GetProperty("data").EnumerateArray().ToList();

    public static string? AxisType(JsonElement json, string axis) =>
        json.GetProperty("layout").GetProperty(axis).TryGetProperty("type", out var t) ? t.GetString() : null;

    public static string Title(JsonElement json) => json.GetProperty("layout").GetProperty("title").GetProperty("text").GetString() ?? "";

    public static string AxisTitle(JsonElement json, string axis) =>
        json.GetProperty("layout").GetProperty(axis).GetProperty("title").GetProperty("text").GetString() ?? "";

    public static double[] Numbers(JsonElement trace, string property) =>
        trace.GetProperty(property).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();

    public static string Name(JsonElement trace) => trace.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
}
