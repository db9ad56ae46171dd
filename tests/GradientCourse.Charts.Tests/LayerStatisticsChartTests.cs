using GradientCourse;
using static GradientCourse.Tests.Charts.ChartJson;

namespace GradientCourse.Tests.Charts;

public class LayerStatisticsChartTests
{
    [Fact]
    public void ActivationStdByLayer_TwoReports_LogAxisAndSeries()
    {
        var a = LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.HeNormal, depth: 5, width: 16, seed: 0);
        var b = LayerStatistics.ForDeepNet(Activations.Tanh, Initializers.GlorotNormal, depth: 5, width: 16, seed: 0);

        var json = Parse(GradientCourse.Charts.ActivationStdByLayer(a, b));

        var traces = Traces(json);
        Assert.Equal(2, traces.Count);
        Assert.Equal("log", AxisType(json, "yaxis"));
        Assert.Equal(a.Label, Name(traces[0]));
        Assert.Equal(a.Series(l => l.ActivationStd), Numbers(traces[0], "y"));
        Assert.Equal([1.0, 2, 3, 4, 5], Numbers(traces[1], "x"));
        Assert.Contains("layer", AxisTitle(json, "xaxis"), StringComparison.Ordinal);
    }

    [Fact]
    public void GradientStdByLayer_Report_PlotsGradientStd()
    {
        var a = LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.HeNormal, depth: 4, width: 16, seed: 0);

        var json = Parse(GradientCourse.Charts.GradientStdByLayer(a));

        Assert.Equal(a.Series(l => l.GradientStd), Numbers(Traces(json)[0], "y"));
        Assert.Contains("dL/dh", AxisTitle(json, "yaxis"), StringComparison.Ordinal);
    }

    [Fact]
    public void ActivationMeanStdByLayer_Report_MeanStdAndGuides()
    {
        var a = LayerStatistics.ForDeepNet(Activations.SELU, Initializers.LeCunNormal, depth: 6, width: 16, seed: 0);

        var traces = Traces(Parse(GradientCourse.Charts.ActivationMeanStdByLayer(a)));

        Assert.Equal(4, traces.Count);
        Assert.Equal(a.Series(l => l.ActivationMean), Numbers(traces[0], "y"));
        Assert.Equal(a.Series(l => l.ActivationStd), Numbers(traces[1], "y"));
        Assert.Equal(1.0, Numbers(traces[3], "y")[0]);
    }

    [Fact]
    public void ActivationStdByLayer_NoReports_Throws() =>
        Assert.Throws<ArgumentException>(() => GradientCourse.Charts.ActivationStdByLayer());
}
