using System.Text.Json;
using GradientCourse;
using Plotly.NET;
using static GradientCourse.Tests.Charts.ChartJson;

namespace GradientCourse.Tests.Charts;

public class ChartsTests
{
    private static readonly Lazy<TrainingRun> Run = new(() =>
    {
        var (x, y) = Datasets.Regression1D(64, seed: 1);
        var model = Mlp.Create(1, [8, 8, 8], 1, Activations.Sigmoid, Initializers.GlorotNormal, seed: 1);
        return Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.5, TrainerOptions.Default with { Epochs = 3, BatchSize = 16, ClipNorm = 0.05 }) with { Label = "sigmoid" };
    });

    [Fact]
    public void ActivationCurves_TwoActivations_FunctionDerivativeAndBoundTraces()
    {
        var json = Parse(GradientCourse.Charts.ActivationCurves(Activations.Sigmoid, Activations.Tanh));

        var traces = Traces(json);
        Assert.Equal(6, traces.Count);
        Assert.Contains("derivatives", Title(json), StringComparison.Ordinal);
        var derivative = traces.Single(t => Name(t) == "sigmoid'");
        Assert.Equal("dash", derivative.GetProperty("line").GetProperty("dash").GetString());
        var xs = Numbers(derivative, "x");
        var ys = Numbers(derivative, "y");
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal(Activations.Sigmoid.Derivative(xs[i]), ys[i], 1e-12);
        }

        Assert.Equal(0.25, Numbers(traces[4], "y")[0]);
        Assert.Equal(1.0, Numbers(traces[5], "y")[0]);
    }

    [Fact]
    public void DerivativeProductByDepth_Defaults_PowersOnLogAxisWithAnnotation()
    {
        var json = Parse(GradientCourse.Charts.DerivativeProductByDepth(10));

        var traces = Traces(json);
        Assert.Equal(2, traces.Count);
        Assert.Equal("log", AxisType(json, "yaxis"));
        var ys = Numbers(traces[0], "y");
        for (var n = 1; n <= 10; n++)
        {
            Assert.Equal(Math.Pow(0.25, n), ys[n - 1], 1e-15);
        }

        var annotation = json.GetProperty("layout").GetProperty("annotations")[0];
        Assert.Contains("0.25⁵", annotation.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(Math.Log10(Math.Pow(0.25, 5)), annotation.GetProperty("y").GetDouble(), 1e-12);
    }

    [Fact]
    public void GradientNormByLayer_Run_PlotsFirstStepNormsByLayerOnLogAxis()
    {
        var run = Run.Value;

        var json = Parse(GradientCourse.Charts.GradientNormByLayer(run));

        var trace = Assert.Single(Traces(json));
        Assert.Equal("sigmoid", Name(trace));
        Assert.Equal("log", AxisType(json, "yaxis"));
        Assert.Equal([1.0, 2, 3, 4], Numbers(trace, "x"));
        Assert.Equal(run.Steps[0].Layers.Select(l => l.WeightGradNorm), Numbers(trace, "y"));
    }

    [Fact]
    public void GradientNormHeatmap_Run_ZIsLog10OfNormsLayerByStep()
    {
        var run = Run.Value;

        var json = Parse(GradientCourse.Charts.GradientNormHeatmap(run));

        var trace = Assert.Single(Traces(json));
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Contains("log10", Title(json), StringComparison.Ordinal);
        var z = trace.GetProperty("z");
        Assert.Equal(run.LayerCount, z.GetArrayLength());
        var norms = run.GradNormMatrix();
        for (var l = 0; l < run.LayerCount; l++)
        {
            var row = z[l].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(run.StepCount, row.Length);
            for (var s = 0; s < row.Length; s++)
            {
                Assert.Equal(Math.Log10(norms[l, s]), row[s], 1e-3 * Math.Max(1, Math.Abs(row[s])));   // four significant digits
            }
        }
    }

    [Fact]
    public void ActivationHistograms_Model_OneOverlaidHistogramPerHiddenLayer()
    {
        var model = Mlp.Create(2, [8, 8, 8], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);
        model.Forward(Datasets.TwoMoons(32, 0.1, seed: 1).X);

        var json = Parse(GradientCourse.Charts.ActivationHistograms(model, HistogramQuantity.PreActivation));

        var traces = Traces(json);
        Assert.Equal(3, traces.Count);
        Assert.All(traces, t => Assert.Equal("histogram", t.GetProperty("type").GetString()));
        Assert.Equal("overlay", json.GetProperty("layout").GetProperty("barmode").GetString());
        Assert.Contains("pre-activation", Title(json), StringComparison.Ordinal);
        Assert.Equal(model.Blocks[1].Activation!.Input!.Data, Numbers(traces[1], "x"));
    }

    [Fact]
    public void ActivationHistograms_ModelNeverRun_ThrowsWithFix()
    {
        var model = Mlp.Create(2, [8], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var ex = Assert.Throws<ArgumentException>(() => GradientCourse.Charts.ActivationHistograms(model));

        Assert.Contains("model.Forward", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LossCurves_TwoRuns_OneTracePerRunWithTheirLosses()
    {
        var run = Run.Value;
        var other = run with { Label = "other" };

        var json = Parse(GradientCourse.Charts.LossCurves(run, other));

        var traces = Traces(json);
        Assert.Equal(2, traces.Count);
        Assert.Equal("log", AxisType(json, "yaxis"));
        Assert.Equal(run.Losses, Numbers(traces[0], "y"));
        Assert.Equal("other", Name(traces[1]));
    }

    [Fact]
    public void UpdateToDataRatio_Run_Log10LinesPerLayerAndGuide()
    {
        var run = Run.Value;

        var json = Parse(GradientCourse.Charts.UpdateToDataRatio(run));

        var traces = Traces(json);
        Assert.Equal(run.LayerCount + 1, traces.Count);
        Assert.Equal(run.Steps.Select(s => Math.Log10(s.Layers[2].UpdateToDataRatio)), Numbers(traces[2], "y"), new Tolerance(1e-3));   // four significant digits
        Assert.Equal([-3.0, -3.0], Numbers(traces[^1], "y"));
    }

    [Fact]
    public void GradNormClipping_Run_BeforeAfterAndThreshold()
    {
        var run = Run.Value;

        var json = Parse(GradientCourse.Charts.GradNormClipping(run, 0.05));

        var traces = Traces(json);
        Assert.Equal(3, traces.Count);
        Assert.Equal("log", AxisType(json, "yaxis"));
        Assert.Equal(run.StepSeries(s => s.GradNormBeforeClip), Numbers(traces[0], "y"));
        Assert.Equal(run.StepSeries(s => s.GradNormAfterClip), Numbers(traces[1], "y"));
        Assert.Contains(run.Steps, s => s.GradNormBeforeClip > 0.05);
    }

    [Fact]
    public void SaveHtml_Chart_EmbedsPlotlyJsWithoutCdn()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gradientcourse-{Guid.NewGuid():N}", "curves.html");
        try
        {
            GradientCourse.Charts.SaveHtml(GradientCourse.Charts.ActivationCurves(Activations.ReLU), path);

            var html = File.ReadAllText(path);
            Assert.Contains("* plotly.js v", html, StringComparison.Ordinal); // the library's own banner
            Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
            Assert.DoesNotContain("src=\"https://cdn.plot.ly", html, StringComparison.Ordinal);
            Assert.True(html.Length > 1_000_000, "plotly.js itself is several megabytes");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void ToHtmlFragment_Chart_DrawsWithoutBundlingPlotlyJs()
    {
        var html = GradientCourse.Charts.ToHtmlFragment(GradientCourse.Charts.DerivativeProductByDepth(5));

        Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
        Assert.DoesNotContain("* plotly.js v", html, StringComparison.Ordinal);
        Assert.True(html.Length < 100_000);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
