using GradientCourse;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse.Tests.Charts;

/// <summary>Course charts carry their template serialized once (Charts.WithSerializedTemplate): the same JSON as Plotly.NET's own.</summary>
public class SerializedTemplateTests
{
    public static TheoryData<string> CourseCharts() => ["curves", "product", "binned sweep", "histograms"];

    [Fact]
    public void WithSerializedTemplate_PlainPlotlyChart_ByteIdenticalJson()
    {
        var plain = CSharpChart.Line<double, double, string>(x: [1.0, 2.0, 3.0], y: [0.5, 0.25, 0.125], Name: "halves");

        var cached = GradientCourse.Charts.WithSerializedTemplate(plain);

        Assert.IsType<JRaw>(Template(cached));
        Assert.IsType<Template>(Template(plain));   // the original chart is left as it was
        Assert.Equal(GenericChart.toJson(plain), GenericChart.toJson(cached));
    }

    [Fact]
    public void ShippedPlotlyTemplate_IsPlotlyNetsSerializationOfItsDefaultTemplate()
    {
        // Fails after a Plotly.NET upgrade that changes the template: regenerate src/GradientCourse.Charts/PlotlyTemplate.json
        // with JsonConvert.SerializeObject(ChartTemplates.plotly) and update Charts.PlotlyTemplateVersion.
        Assert.Equal(GradientCourse.Charts.PlotlyTemplateVersion, typeof(Template).Assembly.GetName().Version);
        Assert.Equal(JsonConvert.SerializeObject(ChartTemplates.plotly), GradientCourse.Charts.ShippedPlotlyTemplateJson());
        Assert.Equal(JsonConvert.SerializeObject(Defaults.DefaultTemplate), GradientCourse.Charts.ShippedPlotlyTemplateJson());
    }

    [Fact]
    public void WithSerializedTemplate_TwoCourseCharts_ShareOneSerializedTemplate()
    {
        // Each chart holds its own copy of the default template; matched by content, they reuse one serialization.
        var first = Template(GradientCourse.Charts.ActivationCurves(Activations.Tanh));
        var second = Template(GradientCourse.Charts.DerivativeProductByDepth(3));

        Assert.IsType<JRaw>(first);
        Assert.Same(first, second);
    }

    [Fact]
    public void WithSerializedTemplate_AnotherTemplate_GetsItsOwnJson()
    {
        // (Plotly.NET's with* functions edit the chart they are given: two separate charts.)
        var line = CSharpChart.Line<double, double, string>(x: [1.0, 2.0], y: [3.0, 4.0]);
        var dark = Plotly.NET.Chart.withTemplate(ChartTemplates.dark).Invoke(CSharpChart.Line<double, double, string>(x: [1.0, 2.0], y: [3.0, 4.0]));

        var cachedDefault = GradientCourse.Charts.WithSerializedTemplate(line);
        var cachedDark = GradientCourse.Charts.WithSerializedTemplate(dark);

        Assert.Equal(GenericChart.toJson(dark), GenericChart.toJson(cachedDark));
        Assert.NotEqual(GenericChart.toJson(cachedDefault), GenericChart.toJson(cachedDark));
    }

    [Theory]
    [MemberData(nameof(CourseCharts))]
    public void CourseChart_TemplateSerializedOnce_SameJsonAsWithPlotlysTemplateObject(string which)
    {
        var chart = Chart(which);
        Assert.IsType<JRaw>(Template(chart));

        // The reference: the same figure with Plotly.NET's template object put back, serialized by Plotly.NET.
        var layout = GenericChart.getLayout(chart);
        var restored = new Layout();
        foreach (var property in layout.GetProperties(true))
        {
            restored.SetProperty(property.Key, property.Key == "template" ? Defaults.DefaultTemplate : property.Value);
        }

        Assert.Equal(GenericChart.toJson(GenericChart.setLayout(restored, chart)), GenericChart.toJson(chart));
        Assert.Contains("\"template\":{", GenericChart.toJson(chart), StringComparison.Ordinal);
    }

    private static object? Template(GenericChart chart) => GenericChart.getLayout(chart).TryGetPropertyValue("template")?.Value;

    private static GenericChart Chart(string which) => which switch
    {
        "curves" => GradientCourse.Charts.ActivationCurves(Activations.Sigmoid, Activations.ReLU),
        "product" => GradientCourse.Charts.DerivativeProductByDepth(8),   // annotated after styling
        "binned sweep" => GradientCourse.Charts.Sweep(
            "sweep",
            [("a", GradientCourse.Charts.BinnedHistograms([("a", [0.1, 0.2])], 0, 1, 4)), ("b", GradientCourse.Charts.BinnedHistograms([("b", [0.7])], 0, 1, 4))],
            xRange: (0, 1)),
        _ => GradientCourse.Charts.ActivationHistograms([("v", [1.0, 2.0, 2.5])]),
    };
}
