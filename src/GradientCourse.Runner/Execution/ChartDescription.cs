using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Plotly.NET;

namespace GradientCourse.Runner.Execution;

/// <summary>The text/plain form of a chart: one line that says what it shows
/// (<c>Chart: Per-layer gradient norm — 2 series, log y axis</c>), instead of a dump of Plotly.NET's objects.</summary>
public static partial class ChartDescription
{
    /// <summary>Describes a Plotly.NET chart (from its figure JSON, so the text matches what is drawn).</summary>
    public static string Describe(GenericChart chart) => Describe(JsonNode.Parse(GenericChart.toJson(chart)) as JsonObject);

    /// <summary>Describes a Plotly figure (<c>{data, layout, config}</c>); never throws on an odd figure.</summary>
    public static string Describe(JsonObject? figure)
    {
        var layout = figure?["layout"] as JsonObject;
        var traces = (figure?["data"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var title = Title(layout);

        var parts = new List<string>();
        var kinds = traces.GroupBy(t => Str(t["type"]) ?? "scatter").ToList();
        foreach (var kind in kinds)
        {
            parts.Add(Count(kind.Count(), kind.Key));
        }
        if (traces.Count == 0)
        {
            parts.Add("no data");
        }
        var panels = traces.Select(t => (Str(t["xaxis"]) ?? "x", Str(t["yaxis"]) ?? "y")).Distinct().Count();
        if (panels > 1)
        {
            parts.Add(panels.ToString(CultureInfo.InvariantCulture) + " panels");
        }
        foreach (var axis in new[] { "x", "y" })
        {
            var logs = layout?.Where(p => AxisKey().IsMatch(p.Key) && p.Key[0] == axis[0] && Str(p.Value?["type"]) == "log").Count() ?? 0;
            if (logs > 0)
            {
                parts.Add($"log {axis} ax{(logs > 1 ? "es" : "is")}");
            }
        }
        return $"Chart: {title} — {string.Join(", ", parts)}";
    }

    private static string Count(int n, string type)
    {
        var (one, many) = type switch
        {
            "scatter" or "scattergl" => ("series", "series"),
            "heatmap" => ("heatmap", "heatmaps"),
            "histogram" => ("histogram", "histograms"),
            "bar" => ("bar series", "bar series"),
            "box" => ("box plot", "box plots"),
            "contour" => ("contour plot", "contour plots"),
            _ => (type + " trace", type + " traces"),
        };
        return $"{n.ToString(CultureInfo.InvariantCulture)} {(n == 1 ? one : many)}";
    }

    private static string Title(JsonObject? layout)
    {
        var node = layout?["title"];
        var text = node is JsonObject title ? Str(title["text"]) : Str(node);
        if (string.IsNullOrWhiteSpace(text))
        {
            return "untitled";
        }
        text = Tag().Replace(text, " ");
        text = Space().Replace(System.Net.WebUtility.HtmlDecode(text), " ").Trim();
        return text.Length == 0 ? "untitled" : text;
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex("^[xy]axis[0-9]*$")]
    private static partial Regex AxisKey();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
