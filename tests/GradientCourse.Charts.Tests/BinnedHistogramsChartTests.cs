using GradientCourse;
using static GradientCourse.Tests.Charts.ChartJson;

namespace GradientCourse.Tests.Charts;

public class BinnedHistogramsChartTests
{
    [Fact]
    public void BinnedHistograms_GaussianSamples_CountsEqualAnIndependentCount()
    {
        // Bins of width 0.25 from −2: every edge is exact in binary, so the reference bin is floor(4·(v + 2)).
        var a = TestData.Gaussian(1, 5000, seed: 3).Data;
        var b = TestData.Gaussian(1, 3000, seed: 4, scale: 0.5).Data;
        var json = Parse(GradientCourse.Charts.BinnedHistograms([("a", a), ("b", b)], min: -2, max: 3, bins: 20, xTitle: "value"));

        var traces = Traces(json);
        Assert.Equal(2, traces.Count);
        foreach (var (trace, (label, values)) in traces.Zip([("a", a), ("b", b)]))
        {
            var expected = new double[20];
            var outside = 0;
            foreach (var v in values)
            {
                if (v < -2 || v > 3)
                {
                    outside++;
                }
                else
                {
                    expected[Math.Min(19, (int)Math.Floor(4 * (v + 2)))]++;
                }
            }

            Assert.Equal("bar", trace.GetProperty("type").GetString());
            Assert.Equal(expected, Numbers(trace, "y"));
            Assert.Equal(values.Length, Numbers(trace, "y").Sum() + outside);
            Assert.Equal(Enumerable.Range(0, 20).Select(k => -2 + (0.25 * k) + 0.125), Numbers(trace, "x"));
            Assert.Equal(0.25, trace.GetProperty("width").GetDouble());
            Assert.Equal(outside == 0 ? label : $"{label} ({outside} outside the x range)", Name(trace));
        }

        Assert.True(Numbers(traces[0], "y").Sum() < 5000, "a standard normal sample of 5000 reaches below −2: some values lie outside");
    }

    [Fact]
    public void BinnedHistograms_ValuesOnEdges_LowerEdgeInclusiveMaxInLastBinOutsideNamedInLegend()
    {
        double[] values = [0.0, 0.5, 0.999, 1.0, 2.0, -0.001, 2.5, double.NaN];
        var json = Parse(GradientCourse.Charts.BinnedHistograms([("v", values)], min: 0, max: 2, bins: 4));

        var trace = Assert.Single(Traces(json));
        Assert.Equal([1.0, 2.0, 1.0, 1.0], Numbers(trace, "y"));   // [0, .5) [.5, 1) [1, 1.5) [1.5, 2]
        Assert.Equal("v (3 outside the x range)", Name(trace));
    }

    [Fact]
    public void BinnedHistograms_Layout_OverlaidBarsFixedXRangeTitlesAndLegend()
    {
        var json = Parse(GradientCourse.Charts.BinnedHistograms(
            [("w", [0.1, 0.2])], min: -1, max: 1, bins: 8, xTitle: "weight value", title: "Weights", yTitle: "count (weights)"));

        var layout = json.GetProperty("layout");
        Assert.Equal("overlay", layout.GetProperty("barmode").GetString());
        Assert.Equal([-1.0, 1.0], layout.GetProperty("xaxis").GetProperty("range").EnumerateArray().Select(v => v.GetDouble()));
        Assert.False(layout.GetProperty("xaxis").GetProperty("autorange").GetBoolean());
        Assert.Equal("Weights", Title(json));
        Assert.Equal("weight value", AxisTitle(json, "xaxis"));
        Assert.Equal("count (weights)", AxisTitle(json, "yaxis"));
        var trace = Assert.Single(Traces(json));
        Assert.Equal("w", Name(trace));
        Assert.Equal(0.0, trace.GetProperty("marker").GetProperty("line").GetProperty("width").GetDouble());   // touching bars, no outlines
    }

    [Fact]
    public void BinnedHistograms_SixteenThousandValues_JsonStaysSmallUnlikeRawHistogram()
    {
        var values = TestData.Gaussian(64, 256, seed: 5).Data;

        var binned = GradientCourse.Charts.ToJson(GradientCourse.Charts.BinnedHistograms([("h", values)], -5, 5, bins: 100));
        var raw = GradientCourse.Charts.ToJson(GradientCourse.Charts.ActivationHistograms([("h", values)]));

        Assert.True(binned.Length < 15_000, $"binned histogram JSON is {binned.Length} characters");
        Assert.True(raw.Length > 10 * binned.Length, $"raw {raw.Length} vs binned {binned.Length}");
    }

    [Theory]
    [InlineData(1.0, 1.0, 10)]
    [InlineData(0.0, double.PositiveInfinity, 10)]
    [InlineData(0.0, 1.0, 0)]
    public void BinnedHistograms_BadRangeOrBins_Throws(double min, double max, int bins) =>
        Assert.ThrowsAny<ArgumentException>(() => GradientCourse.Charts.BinnedHistograms([("v", [0.5])], min, max, bins));

    [Fact]
    public void BinnedHistograms_NoSeries_Throws() =>
        Assert.Throws<ArgumentException>(() => GradientCourse.Charts.BinnedHistograms([], 0, 1, 10));
}
