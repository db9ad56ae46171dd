using System.Globalization;
using System.Text.Json;
using GradientCourse;
using static GradientCourse.Tests.Charts.ChartJson;

namespace GradientCourse.Tests.Charts;

/// <summary>The histograms over training: every entry counted once, in the right bin, one slider step per snapshot.</summary>
public class XrayTrainingChartsTests
{
    private static readonly Lazy<TrainingRun> DeepRelu = new(() =>
    {
        var (x, y) = Datasets.Regression1D(96, seed: 3);
        var model = Mlp.Create(1, Enumerable.Repeat(16, 19).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: 4);
        return Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate: 0.01, TrainerOptions.Default with
        {
            Epochs = 20, BatchSize = 32, SnapshotSteps = [0, 5, 15, 30, 45, 59],
        }) with { Label = "relu 20 layers" };
    });

    [Fact]
    public void BinShares_HandCountedValues_LandInTheirBinsAndEndBinsTakeTheOutliers()
    {
        double[] values = [0.05, 0.15, 0.15, 0.95, 2.0, -3.0, double.NaN, 0.55];

        var (shares, leftOut) = GradientCourse.Charts.BinShares(values, logMagnitude: false, low: 0, high: 1, bins: 10);

        var n = values.Length;
        double[] expected = [2.0 / n, 2.0 / n, 0, 0, 0, 1.0 / n, 0, 0, 0, 2.0 / n]; // −3 → bin 0, 2.0 → bin 9
        Assert.Equal(expected, shares);
        Assert.Equal(1.0 / n, leftOut);
    }

    [Fact]
    public void BinShares_LogMagnitude_BinsLog10OfAbsoluteValueAndLeavesOutZeros()
    {
        double[] values = [1e-12, -1e-12, 1e-3, 0.0, 0.0];

        var (shares, leftOut) = GradientCourse.Charts.BinShares(values, logMagnitude: true, low: -14, high: 0, bins: 7); // bins of 2 decades

        Assert.Equal([0, 2.0 / 5, 0, 0, 0, 1.0 / 5, 0], shares); // −12 → bin 1, −3 → bin 5
        Assert.Equal(2.0 / 5, leftOut);
    }

    [Fact]
    public void ActivationHistograms_EveryRowAccountsForItsLayersEntries_AndSitsAtItsMean()
    {
        var run = DeepRelu.Value;
        var json = Parse(GradientCourse.Charts.ActivationHistogramsOverTraining(run, bins: 30));

        var heatmaps = Traces(json).Where(t => t.GetProperty("type").GetString() == "heatmap").ToList();
        Assert.Equal(run.Snapshots.Count, heatmaps.Count);
        var x = Numbers(heatmaps[0], "x");
        var width = (x[^1] - x[0]) / (x.Length - 1);
        for (var f = 0; f < heatmaps.Count; f++)
        {
            var rows = heatmaps[f].GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var snapshot = run.Snapshots[f].Snapshot!.Where(l => l.Activation != "identity").ToList();
            Assert.Equal(19, rows.Length); // hidden layers only: the output layer's values are the predictions
            for (var l = 0; l < rows.Length; l++)
            {
                Assert.Equal(1.0, rows[l].Sum(), 3); // rounded to four digits per bin
                var values = snapshot[l].Activations;
                var low = x[0] - (width / 2);
                var high = x[^1] + (width / 2);
                if (values.All(v => v >= low && v <= high))
                {
                    // no outlier clamped into an end bin: the binned mean is the true mean within half a bin
                    var binnedMean = rows[l].Select((share, b) => share * x[b]).Sum();
                    Assert.True(Math.Abs(binnedMean - values.Average()) <= (width / 2) + 1e-3, $"step {f}, layer {l + 1}: {binnedMean} vs {values.Average()}");
                }
            }
        }
    }

    [Fact]
    public void GradientHistograms_LabelEachRowWithItsShareOfExactZeros()
    {
        var run = DeepRelu.Value;
        var json = Parse(GradientCourse.Charts.GradientHistogramsOverTraining(run));

        var labels = Traces(json).Where(IsTextTrace).ToList();
        Assert.Equal(run.Snapshots.Count, labels.Count);
        var last = run.Snapshots[^1].Snapshot!;
        var texts = labels[^1].GetProperty("text").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var anyZeros = false;
        for (var l = 0; l < last.Count; l++)
        {
            var zeros = (double)last[l].Gradients.Count(g => g == 0) / last[l].Gradients.Length;
            anyZeros |= zeros > 0;
            Assert.Equal($"dL/dh = 0: {zeros.ToString("P0", CultureInfo.InvariantCulture)}", texts[l]);
        }

        Assert.True(anyZeros, "a deep ReLU net at this seed has dead units, whose gradients are exactly 0");
        Assert.Contains("log10 |dL/dh|", AxisTitle(json, "xaxis"));
    }

    [Fact]
    public void OverTraining_OneSliderStepPerSnapshot_SmallJsonAndSaturationOrDeadLabels()
    {
        var run = DeepRelu.Value;
        var chart = GradientCourse.Charts.ActivationHistogramsOverTraining(run);
        var json = Parse(chart);

        var steps = json.GetProperty("layout").GetProperty("sliders")[0].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("label").GetString()).ToArray();
        Assert.Equal(run.Snapshots.Select(s => $"step {s.Step}"), steps);
        var text = Traces(json).First(IsTextTrace);
        var labels = text.GetProperty("text").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.Equal(19, labels.Length);
        var first = run.Snapshots[0].Snapshot!;
        for (var l = 0; l < labels.Length; l++)
        {
            Assert.Equal($"dead {first[l].DeadFraction.ToString("P0", CultureInfo.InvariantCulture)}", labels[l]);
        }
        var size = GradientCourse.Charts.ToJson(chart).Length;
        Assert.True(size < 60_000, $"20 layers × 30 bins × 6 steps: {size} characters of JSON");
    }

    private static bool IsTextTrace(JsonElement trace) => trace.TryGetProperty("mode", out var mode) && mode.GetString() == "text";

    [Fact]
    public void OverTraining_RunWithoutSnapshots_SaysHowToRecordThem()
    {
        var (x, y) = Datasets.Regression1D(32, seed: 1);
        var run = Trainer.Train(Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1), x, y, Losses.MeanSquaredError, 0.1);

        var error = Assert.Throws<ArgumentException>(() => GradientCourse.Charts.ActivationHistogramsOverTraining(run));

        Assert.Contains("SnapshotSteps", error.Message);
    }
}
