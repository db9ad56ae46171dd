using System.Collections;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Plotly.NET;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>The Plotly.NET version whose default template PlotlyTemplate.json holds (another version serializes its own).</summary>
    internal static readonly Version PlotlyTemplateVersion = new(6, 0, 0, 0);

    private static readonly Lock TemplateGate = new();

    /// <summary>
    /// Templates seen so far and their JSON, matched by content (every chart carries its own copy of the default
    /// template). Starts with Plotly.NET's default template and its JSON as shipped in PlotlyTemplate.json.
    /// </summary>
    private static readonly List<(DynamicObj.DynamicObj Template, JRaw Json)> TemplateJson = SeedTemplateJson();

    /// <summary>
    /// The chart with its layout's template replaced by that same template's JSON. Plotly.NET writes the default
    /// template (about 8.5 KB of JSON) by reflection on every serialization: about 0.1 s per chart when warm and over
    /// 0.5 s for a notebook's first chart, paid on every serialization of every course chart. The JSON written instead is
    /// the very same bytes (a test compares whole figures byte for byte); a template is reused only when it matches a
    /// known one value for value, and any other is serialized once.
    /// </summary>
    internal static GenericChart WithSerializedTemplate(GenericChart chart)
    {
        var layout = GenericChart.getLayout(chart);
        if (layout.TryGetPropertyValue("template") is not { } option || option.Value is not Template template)
        {
            return chart;
        }

        JRaw? json;
        lock (TemplateGate)
        {
            json = TemplateJson.FirstOrDefault(t => SameContent(t.Template, template)).Json;
        }

        if (json is null)
        {
            json = new JRaw(JsonConvert.SerializeObject(template));
            lock (TemplateGate)
            {
                if (TemplateJson.Count < 8)
                {
                    // A copy: Plotly.NET's with* functions edit a chart's objects in place, the key must not change.
                    TemplateJson.Add(((DynamicObj.DynamicObj)template.DeepCopyProperties(null), json));
                }
            }
        }

        var copy = new Layout();
        foreach (var property in layout.GetProperties(true))
        {
            copy.SetProperty(property.Key, property.Key == "template" ? json : property.Value);
        }

        return GenericChart.setLayout(copy, chart);
    }

    /// <summary>The JSON of Plotly.NET's default template as shipped with this assembly (for tests).</summary>
    internal static string ShippedPlotlyTemplateJson()
    {
        using var stream = typeof(Charts).Assembly.GetManifestResourceStream("GradientCourse.Charts.PlotlyTemplate.json")
            ?? throw new InvalidOperationException("PlotlyTemplate.json is not embedded in GradientCourse.Charts.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().TrimEnd();
    }

    private static List<(DynamicObj.DynamicObj Template, JRaw Json)> SeedTemplateJson() =>
        typeof(Template).Assembly.GetName().Version == PlotlyTemplateVersion
            ? [((DynamicObj.DynamicObj)ChartTemplates.plotly.DeepCopyProperties(null), new JRaw(ShippedPlotlyTemplateJson()))]
            : [];

    /// <summary>Value-for-value equality of two template trees (what their JSON is made of): dynamic objects by their properties, sequences element by element, the rest by Equals.</summary>
    private static bool SameContent(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        switch (a, b)
        {
            case (DynamicObj.DynamicObj x, DynamicObj.DynamicObj y):
                var xs = x.GetProperties(true).ToList();
                var ys = y.GetProperties(true).ToDictionary(p => p.Key, p => p.Value);
                return xs.Count == ys.Count && xs.All(p => ys.TryGetValue(p.Key, out var v) && SameContent(p.Value, v));
            case (string s, string t):
                return s == t;
            case (IEnumerable x, IEnumerable y):
                var ex = x.Cast<object?>().ToList();
                var ey = y.Cast<object?>().ToList();
                return ex.Count == ey.Count && ex.Zip(ey).All(p => SameContent(p.First, p.Second));
            default:
                return Equals(a, b);
        }
    }
}
