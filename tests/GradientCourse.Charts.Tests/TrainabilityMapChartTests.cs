using GradientCourse;
using static GradientCourse.Tests.Charts.ChartJson;

namespace GradientCourse.Tests.Charts;

public class TrainabilityMapChartTests
{
    private static readonly Lazy<TrainabilityMapResult> Small = SharedFixtures.SmallTrainabilityMap;

    [Fact]
    public void TrainabilityMapChart_Result_HeatmapWithCappedRatiosAndTheoryLines()
    {
        var map = Small.Value;

        var json = Parse(GradientCourse.Charts.TrainabilityMap(map));

        var traces = Traces(json);
        Assert.Equal(3, traces.Count);
        var heatmap = traces[0];
        Assert.Equal("heatmap", heatmap.GetProperty("type").GetString());
        Assert.Equal(0.0, heatmap.GetProperty("zmin").GetDouble());
        Assert.Equal(1.1, heatmap.GetProperty("zmax").GetDouble());
        var z = heatmap.GetProperty("z").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var grid = map.RatioGrid();
        for (var d = 0; d < grid.Length; d++)
        {
            for (var s = 0; s < grid[d].Length; s++)
            {
                Assert.Equal(Math.Min(grid[d][s], 1.1), z[d][s], 12);
            }
        }

        Assert.Equal([1.0, 1.0], Numbers(traces[1], "x"));
        Assert.Contains("6 ξ", Name(traces[2]), StringComparison.Ordinal);
        Assert.Contains("Trainability", Title(json), StringComparison.Ordinal);
        Assert.Contains("σ_w", AxisTitle(json, "xaxis"), StringComparison.Ordinal);
    }

    [Fact]
    public void DepthScaleChart_Range_LogAxisWithXiValues()
    {
        var json = Parse(GradientCourse.Charts.DepthScale(0.5, 0.9, points: 5));

        var traces = Traces(json);
        Assert.Equal("log", AxisType(json, "yaxis"));
        var xs = Numbers(traces[0], "x");
        var ys = Numbers(traces[0], "y");
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal(TrainabilityMap.DepthScale(xs[i]), ys[i], 12);
            Assert.Equal(6 * ys[i], Numbers(traces[1], "y")[i], 12);
        }
    }
}
