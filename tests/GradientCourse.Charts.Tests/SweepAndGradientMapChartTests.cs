using System.Text.Json;
using GradientCourse;
using Plotly.NET;
using static GradientCourse.Tests.Charts.ChartJson;

namespace GradientCourse.Tests.Charts;

public class SweepAndGradientMapChartTests
{
    private static readonly Lazy<GradientMapResult> Map = new(() =>
        GradientMap.Compute([2, 3, 5], [Activations.Sigmoid, Activations.ReLU], [Initializers.GlorotUniform, Initializers.HeNormal], width: 6, seed: 0, seedCount: 1, batchSize: 8));

    private static GenericChart Frame(params double[][] series) =>
        GradientCourse.Charts.ActivationHistograms(series.Select((v, i) => ($"series {i}", (IReadOnlyList<double>)v)).ToList());

    [Fact]
    public void Sweep_ThreeFrames_OneSliderStepPerFrameWithVisibilityOfItsOwnTraces()
    {
        var chart = GradientCourse.Charts.Sweep(
            "a sweep",
            [("a", Frame([1, 2], [3])), ("b", Frame([4])), ("c", Frame([5], [6, 7]))],
            sliderPrefix: "scale = ");

        var json = Parse(chart);
        var traces = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(5, traces.Count);
        Assert.Equal([true, true, false, false, false], traces.Select(t => t.GetProperty("visible").GetBoolean()));
        var slider = Assert.Single(json.GetProperty("layout").GetProperty("sliders").EnumerateArray());
        Assert.Equal("scale = ", slider.GetProperty("currentvalue").GetProperty("prefix").GetString());
        var steps = slider.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(3, steps.Count);
        Assert.Equal(["a", "b", "c"], steps.Select(s => s.GetProperty("label").GetString()));
        Assert.All(steps, s => Assert.Equal("restyle", s.GetProperty("method").GetString()));
        bool[][] expected = [[true, true, false, false, false], [false, false, true, false, false], [false, false, false, true, true]];
        for (var f = 0; f < 3; f++)
        {
            var visible = steps[f].GetProperty("args")[0].GetProperty("visible").EnumerateArray().Select(v => v.GetBoolean());
            Assert.Equal(expected[f], visible);
        }

        Assert.Equal("a sweep", json.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.True(json.GetProperty("layout").GetProperty("showlegend").GetBoolean());   // even when a frame has one trace
    }

    [Fact]
    public void Sweep_FixedXRange_SetsRangeAndKeepsAxisTitle()
    {
        var json = Parse(GradientCourse.Charts.Sweep("t", [("a", Frame([0.1])), ("b", Frame([0.2]))], xRange: (0, 0.26)));

        var axis = json.GetProperty("layout").GetProperty("xaxis");
        Assert.Equal([0.0, 0.26], axis.GetProperty("range").EnumerateArray().Select(v => v.GetDouble()));
        Assert.False(axis.GetProperty("autorange").GetBoolean());
        Assert.Equal("activation value", axis.GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Sweep_NoFrames_Throws() =>
        Assert.Throws<ArgumentException>(() => GradientCourse.Charts.Sweep("t", []));

    [Fact]
    public void Sweep_EmptyXRange_Throws() =>
        Assert.Throws<ArgumentException>(() => GradientCourse.Charts.Sweep("t", [("a", Frame([1.0]))], xRange: (1, 1)));

    [Fact]
    public void GradientMap_Heatmap_ZIsLog10RatioRowsByDepthWithDivergingScale()
    {
        var map = Map.Value;

        var json = Parse(GradientCourse.Charts.GradientMap(map));

        var trace = Assert.Single(json.GetProperty("data").EnumerateArray());
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(0.0, trace.GetProperty("zmid").GetDouble());
        Assert.Equal("RdBu", trace.GetProperty("colorscale").GetString()); // plotly.js RdBu: low (vanishing) blue, high red
        Assert.False(trace.TryGetProperty("reversescale", out _));
        Assert.Equal("category", json.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal([2.0, 3, 5], trace.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(map.Rows.Select(r => r.Label), trace.GetProperty("y").EnumerateArray().Select(v => v.GetString()));
        var z = trace.GetProperty("z").EnumerateArray().ToList();
        for (var r = 0; r < map.Rows.Count; r++)
        {
            Assert.Equal(map.Rows[r].Log10Ratio, z[r].EnumerateArray().Select(v => v.GetDouble()));
        }

        Assert.Contains("log10", json.GetProperty("layout").GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GradientMapVersusBound_Sigmoid_MeasuredRowsAndDashedQuarterPowerBound()
    {
        var map = Map.Value;

        var json = Parse(GradientCourse.Charts.GradientMapVersusBound(map, Activations.Sigmoid));

        var traces = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, traces.Count);
        Assert.Equal("log", json.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
        var measured = traces[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var he = map.Row("sigmoid", "he_normal").Log10Ratio;
        for (var i = 0; i < measured.Length; i++)
        {
            Assert.Equal(Math.Pow(10, he[i]), measured[i], measured[i] * 1e-12);
        }

        var bound = traces[2];
        Assert.Equal("dash", bound.GetProperty("line").GetProperty("dash").GetString());
        var xs = bound.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var ys = bound.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal([2.0, 3, 5], xs);
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal(Math.Pow(0.25, xs[i] - 1), ys[i], 1e-15);
        }
    }

    [Fact]
    public void GradientMapVersusBound_ActivationNotInMap_Throws() =>
        Assert.Throws<ArgumentException>(() => GradientCourse.Charts.GradientMapVersusBound(Map.Value, Activations.Tanh));
}
