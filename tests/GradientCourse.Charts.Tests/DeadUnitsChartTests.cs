using System.Text.Json;
using GradientCourse;
using Plotly.NET;
using static GradientCourse.Tests.Charts.ChartJson;

namespace GradientCourse.Tests.Charts;

public class DeadUnitsChartTests
{
    private static readonly int[] Depths = [2, 8];
    private static readonly double[] Rates = [0.01, 0.1, 1.0];
    private static readonly double[,] Fractions = { { 0.0, 0.25, 1.0 }, { 0.5, 0.125, 0.75 } };

    [Fact]
    public void DeadUnits_Grid_OneLinePerDepthOnLogRateAxis()
    {
        var json = Parse(GradientCourse.Charts.DeadUnits(Depths, Rates, Fractions, "relu"));

        var traces = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, traces.Count);
        Assert.Equal(["2 hidden layers", "8 hidden layers"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(Rates, Numbers(traces[1], "x"));
        Assert.Equal([0.5, 0.125, 0.75], Numbers(traces[1], "y"));
        var layout = json.GetProperty("layout");
        Assert.Contains("relu", layout.GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("log", layout.GetProperty("xaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void DeadUnits_Grid_YAxisFixedToUnitIntervalAndTitled()
    {
        var yaxis = Parse(GradientCourse.Charts.DeadUnits(Depths, Rates, Fractions, "relu")).GetProperty("layout").GetProperty("yaxis");

        var range = yaxis.GetProperty("range").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(range[0] < 0 && range[0] > -0.1 && range[1] > 1 && range[1] < 1.1, $"range [{range[0]}, {range[1]}]");
        Assert.Contains("dead", yaxis.GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeadUnits_ShapeMismatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => GradientCourse.Charts.DeadUnits([2], Rates, Fractions, "relu"));
        Assert.Equal("deadFraction", e.ParamName);
    }

    [Fact]
    public void DeadUnits_FractionOutsideUnitInterval_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => GradientCourse.Charts.DeadUnits([2], [0.1], new double[,] { { 1.5 } }, "relu"));
        Assert.Equal("deadFraction", e.ParamName);
    }

    [Fact]
    public void DeadUnits_NonPositiveRate_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => GradientCourse.Charts.DeadUnits([2], [0.0], new double[,] { { 0.5 } }, "relu"));
        Assert.Equal("learningRates", e.ParamName);
    }
}
