using System.Globalization;
using GradientCourse;
using MathNet.Numerics.LinearAlgebra;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>Every number notebooks/04-exploding-gradients.ipynb states, recomputed with the same seeds and sizes.</summary>
public class Notebook04ClaimsTests
{
    private static readonly Dataset Data = Datasets.Regression1D(n: 256, seed: 0);
    private static readonly TrainerOptions Options = new() { Epochs = 12, BatchSize = 32 };
    private static readonly TrainerOptions Lean = Options with { RecordTelemetry = false };

    private static readonly Lazy<TrainingRun> Plain = new(() => Train(Options));
    private static readonly Lazy<TrainingRun> ClipNorm = new(() => Train(Lean with { ClipNorm = 1.0 }));
    private static readonly Lazy<TrainingRun> ClipValue = new(() => Train(Lean with { ClipValue = 1.0 }));

    private static Mlp MakeNet(Initializer init) => Mlp.Create(1, Enumerable.Repeat(32, 9).ToArray(), 1, Activations.ReLU, init, seed: 0);

    private static TrainingRun Train(TrainerOptions options) =>
        Trainer.Train(MakeNet(Initializers.Normal(0.4)), Data.X, Data.Y, Losses.MeanSquaredError, 0.01, options);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    [Fact]
    public void Gain_OfNormal04AtWidth32_Is1Point6_AndNinthPower68Point7()
    {
        var gain = 0.4 * Math.Sqrt(32 / 2.0);

        Assert.Equal("0.25", F(Math.Sqrt(Initializers.HeNormal.Variance(32, 32)), "F2"));
        Assert.Equal("1.60", F(gain, "F2"));
        Assert.Equal("68.7", F(Math.Pow(gain, 9), "F1"));
    }

    [Fact]
    public void GradientStd_LargeOverHe_IsExactlyGainToTheLayersPassed()
    {
        var large = LayerStatistics.Measure(MakeNet(Initializers.Normal(0.4)), Data.X, seed: 0);
        var he = LayerStatistics.Measure(MakeNet(Initializers.HeNormal), Data.X, seed: 0);
        var gain = 0.4 / Math.Sqrt(2.0 / 32);

        for (var k = 1; k <= 10; k++)
        {
            var ratio = large.Layers[k - 1].GradientStd / he.Layers[k - 1].GradientStd;
            Assert.Equal(Math.Pow(gain, 10 - k), ratio, 1e-9 * Math.Pow(gain, 10 - k));
        }

        Assert.Equal("1.00", F(large.Layers[9].GradientStd / he.Layers[9].GradientStd, "F2"));
        Assert.Equal("10.49", F(large.Layers[4].GradientStd / he.Layers[4].GradientStd, "F2"));
        Assert.Equal("68.7", F(large.Layers[0].GradientStd / he.Layers[0].GradientStd, "F1"));

        // "the He line stays flat" over the hidden layers; the output layer (32 → 1) shrinks the gradient.
        Assert.Equal("0.93", F(he.Layers[0].GradientStd / he.Layers[8].GradientStd, "F2"));
        Assert.True(he.Layers[8].GradientStd < he.Layers[9].GradientStd / 3);
        var hidden = he.Series(l => l.GradientStd)[..9];
        Assert.InRange(hidden.Max() / hidden.Min(), 1.0, 1.5);
    }

    [Fact]
    public void PlainRun_DivergesAtStep3_PreActivationOfLayer5()
    {
        var run = Plain.Value;

        Assert.NotNull(run.Divergence);
        Assert.Equal(3, run.Divergence.Step);
        Assert.Equal(5, run.Divergence.Layer);
        Assert.Equal("pre-activation", run.Divergence.Quantity);
        Assert.StartsWith("Training diverged at step 3: the pre-activation of layer 5 became −∞.", run.Divergence.Message, StringComparison.Ordinal);
        Assert.Equal("196.8", F(run.Losses[0], "F1"));
        Assert.Equal("712", F(run.LayersAt(0)[0].WeightGradNorm, "F0"));
        Assert.True(run.FinalLoss > 1e100); // "its last recorded loss is above 10^100"
        Assert.True(run.FinalLoss > 1e4);   // so it leaves the chart's range (10⁻² … 10⁴)
    }

    [Fact]
    public void ClippedRuns_TrainTheRunThatDiverged()
    {
        Assert.False(ClipNorm.Value.Diverged);
        Assert.False(ClipValue.Value.Diverged);
        Assert.Equal("196.8", F(ClipNorm.Value.Losses[0], "F1"));
        Assert.Equal("0.112", F(ClipNorm.Value.FinalLoss, "F3"));
        Assert.Equal("0.098", F(ClipValue.Value.FinalLoss, "F3"));

        // "fall by orders of magnitude"
        Assert.True(ClipNorm.Value.Losses[0] / ClipNorm.Value.FinalLoss > 1000);
        Assert.True(ClipValue.Value.Losses[0] / ClipValue.Value.FinalLoss > 1000);
    }

    [Fact]
    public void ClipNorm_ActsAtEveryStep_RawNormFallsBy84()
    {
        var run = ClipNorm.Value;

        Assert.Equal(96, run.StepCount);
        Assert.All(run.Steps, s => Assert.True(s.GradNormBeforeClip > 1.0));
        Assert.All(run.Steps, s => Assert.Equal(1.0, s.GradNormAfterClip, 1e-9));
        var (first, last) = (run.Steps[0].GradNormBeforeClip, run.Steps[^1].GradNormBeforeClip);
        Assert.True(first > 1000); // "thousands of times above the threshold"
        Assert.Equal("2635", F(first, "F0"));
        Assert.Equal("31.37", F(last, "F2"));
        Assert.Equal("84", F(first / last, "F0"));
        // "falls fast over the first 20 steps, then levels off — still far above it"
        Assert.True(run.Steps[20].GradNormBeforeClip < first / 20);
        Assert.All(run.Steps.Skip(20), s => Assert.InRange(s.GradNormBeforeClip, 10, 100));
    }

    [Fact]
    public void RepeatedMatrix_NormGrowsLikeSigmaMaxToTheT()
    {
        var rng = Seeds.Create(0);
        var a = Matrix<double>.Build.Dense(16, 16, (i, j) => 0.6 / Math.Sqrt(16) * rng.NextGaussian());
        var w = (a + a.Transpose()) / Math.Sqrt(2);
        var sigmaMax = w.Svd().S[0];
        var v = Vector<double>.Build.Dense(16, _ => rng.NextGaussian()).Normalize(2);
        var norms = new double[31];
        for (var (t, u) = (0, v); t <= 30; t++, u = w * u)
        {
            norms[t] = u.L2Norm();
        }

        // Symmetric: σ_max is the largest |eigenvalue|, so ‖Wᵗv‖ / σ_maxᵗ settles to a constant.
        Assert.Equal(sigmaMax, w.Evd().EigenValues.Max(e => e.Magnitude), 1e-10);
        Assert.Equal("1.342", F(sigmaMax, "F3"));
        Assert.Equal("1154", F(norms[30], "F0"));
        Assert.Equal("6752", F(Math.Pow(sigmaMax, 30), "F0"));
        Assert.Equal("0.171", F(norms[30] / Math.Pow(sigmaMax, 30), "F3"));
        Assert.Equal(norms[20] / Math.Pow(sigmaMax, 20), norms[30] / Math.Pow(sigmaMax, 30), 1e-3);
    }
}
