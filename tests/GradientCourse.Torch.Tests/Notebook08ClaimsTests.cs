using GradientCourse;

namespace GradientCourse.Torch.Tests.NotebookClaims;

/// <summary>
/// Every claim the prose of notebooks/08-torchsharp.ipynb makes, recomputed with the bridge and the library with the
/// notebook's seeds and sizes.
/// </summary>
public class Notebook08ClaimsTests
{
    private const int FanIn = 400;
    private const int FanOut = 300;

    [Fact]
    public void SameMlp_LibraryAndTorchGradients_AgreeToOrder1e16()
    {
        var (model, x, y) = TanhModel();
        using var twin = new TorchMlp(model);
        Assert.True(model.Forward(x).MaxAbsDifference(twin.Forward(x)) < 1e-15);
        model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(x), y));
        var torchGrads = twin.Gradients(x, y, "mse");
        var maxError = model.Parameters.Max(p => Fixtures.RelativeError(p.Grad, torchGrads[p.Name]));
        Assert.True(maxError < 1e-15, $"max relative error {maxError:0.0e+00}");
        foreach (var layer in twin.LayerGradientNorms())
        {
            Assert.Equal(model.Blocks[layer.Layer - 1].Dense.Weights.Grad.FrobeniusNorm(), layer.WeightGradNorm, 1e-12);
        }
    }

    [Theory]
    [InlineData("kaiming_normal_", 1, false)]
    [InlineData("kaiming_uniform_", 2, true)]
    [InlineData("xavier_uniform_", 3, true)]
    [InlineData("xavier_normal_", 4, true)] // TorchSharp 0.107: uniform despite its name
    public void Initializer_Sample_VarianceWithinOnePercent_RangeAndKurtosisRevealTheShape(string name, int seed, bool uniform)
    {
        var w = TorchInit.Sample(name, FanIn, FanOut, seed);
        var formula = name.StartsWith("kaiming", StringComparison.Ordinal) ? Initializers.HeNormal.Variance(FanIn, FanOut) : Initializers.GlorotNormal.Variance(FanIn, FanOut);
        var s = SampleStatistics.Of(w);
        var std = Math.Sqrt(s.Variance);
        Assert.InRange(s.Variance / formula, 0.99, 1.01);
        if (uniform)
        {
            Assert.True(s.MaxAbs <= Math.Sqrt(3 * formula) * (1 + 1e-12), $"max |w| / σ = {s.MaxAbs / Math.Sqrt(formula):F3}"); // the bound √3 σ of the true σ
            Assert.Equal("1.73", (s.MaxAbs / std).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("1.80", s.Kurtosis.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            Assert.InRange(s.MaxAbs / std, 4.3, 4.8); // "a normal sample of this size reaches about 4.5 σ"
            Assert.Equal("3.00", s.Kurtosis.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void XavierNormal_SameSeed_SameNumbersAsXavierUniform_LibraryGlorotNormalIsNormal()
    {
        Assert.Equal(TorchInit.XavierUniform(FanIn, FanOut, seed: 4).Data, TorchInit.XavierNormal(FanIn, FanOut, seed: 4).Data);
        var library = SampleStatistics.Of(Initializers.GlorotNormal.Sample(FanIn, FanOut, Seeds.Create(4)));
        Assert.InRange(library.Kurtosis, 2.9, 3.1);
    }

    [Fact]
    public void BatchNorm_OneTrainingForward_SameRunningStatisticsAndEvalOutputs()
    {
        var (_, x, _) = TanhModel();
        var model = Mlp.Create(4, [16, 16], 2, Activations.ReLU, Initializers.HeNormal, seed: 2, batchNorm: true);
        using var twin = new TorchMlp(model);
        model.Forward(x, training: true);
        twin.Forward(x, training: true);
        var stats = twin.BatchNormStatistics();
        Assert.Equal(2, stats.Count);
        foreach (var bn in model.Blocks.Select(b => b.BatchNorm).OfType<BatchNorm1d>())
        {
            Assert.True(Fixtures.RelativeError(bn.RunningMean, stats[bn.Name].Mean) < 1e-12);
            Assert.True(Fixtures.RelativeError(bn.RunningVariance, stats[bn.Name].Variance) < 1e-12);
        }

        Assert.True(model.Forward(x, training: false).MaxAbsDifference(twin.Forward(x, training: false)) < 1e-12);
    }

    [Fact]
    public void ClipGradNorm_ReturnsNormBeforeClipping_ScalesByMaxNormOverNormPlus1e6()
    {
        var (model, x, y) = TanhModel();
        using var twin = new TorchMlp(model);
        model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(x), y));
        twin.Gradients(x, y);
        var normBefore = GradientClipping.GlobalNorm(model.Parameters);
        var maxNorm = normBefore / 4;
        var torchBefore = TorchClip.ClipGradNorm(twin, maxNorm);
        var torchAfter = Math.Sqrt(twin.CurrentGradients().Values.Sum(g => g.Data.Sum(v => v * v)));
        GradientClipping.ClipByGlobalNorm(model.Parameters, maxNorm);
        Assert.Equal(normBefore, torchBefore, 1e-12);
        Assert.Equal(maxNorm, GradientClipping.GlobalNorm(model.Parameters), 1e-12);
        Assert.Equal(maxNorm * normBefore / (normBefore + 1e-6), torchAfter, 1e-12);
        Assert.True(torchAfter < maxNorm);
        Assert.True(torchBefore > maxNorm); // quiz 08.3, option A's explanation
    }

    [Fact]
    public void DeepNets_TorchPerLayerNorms_SigmoidAboutAMillionth_ReluWithinAnOrder_SameAsLibrary()
    {
        var data = Datasets.Regression1D(n: 128, seed: 0);
        int[] hidden = [.. Enumerable.Repeat(16, 10)];
        var sigmoid = Mlp.Create(1, hidden, 1, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0);
        var relu = Mlp.Create(1, hidden, 1, Activations.ReLU, Initializers.HeNormal, seed: 0);
        using var torchSigmoid = new TorchMlp(sigmoid);
        using var torchRelu = new TorchMlp(relu);
        torchSigmoid.Gradients(data.X, data.Y);
        torchRelu.Gradients(data.X, data.Y);
        static double FirstOverLast(IReadOnlyList<LayerGradientNorm> n) => n[0].WeightGradNorm / n[^1].WeightGradNorm;
        var sigmoidRatio = FirstOverLast(torchSigmoid.LayerGradientNorms());
        var reluRatio = FirstOverLast(torchRelu.LayerGradientNorms());
        Assert.InRange(sigmoidRatio, 1e-7, 1e-5);   // "about a millionth"
        Assert.InRange(reluRatio, 0.1, 10);         // "within about one order of magnitude"

        var options = new TrainerOptions { BatchSize = 128, MaxSteps = 1 };
        var sigmoidStep = Trainer.Train(sigmoid, data.X, data.Y, Losses.MeanSquaredError, 0.1, options);
        var reluStep = Trainer.Train(relu, data.X, data.Y, Losses.MeanSquaredError, 0.1, options);
        var pairs = torchSigmoid.LayerGradientNorms().Concat(torchRelu.LayerGradientNorms()).Zip(sigmoidStep.LayersAt(0).Concat(reluStep.LayersAt(0)));
        foreach (var (t, l) in pairs)
        {
            Assert.True(Math.Abs(t.WeightGradNorm - l.WeightGradNorm) / l.WeightGradNorm < 1e-12, $"layer {l.Layer}");
        }
    }

    [Fact]
    public void Exercise08_2_KaimingUniformBound_IsMaxOfSample()
    {
        var bound = Initializers.HeUniform.Limit(FanIn, FanOut);
        Assert.Equal(Math.Sqrt(6.0 / FanIn), bound, 1e-15);
        var s = SampleStatistics.Of(TorchInit.KaimingUniform(FanIn, FanOut, seed: 2));
        Assert.InRange(s.MaxAbs, 0.999 * bound, bound);
    }

    private static (Mlp Model, Matrix X, Matrix Y) TanhModel()
    {
        var model = Mlp.Create(4, [16, 16], 2, Activations.Tanh, Initializers.GlorotNormal, seed: 1);
        var random = Seeds.Create(2);
        var x = Initializers.Normal(1.0).Sample(32, 4, random);
        var y = Initializers.Normal(1.0).Sample(32, 2, random);
        return (model, x, y);
    }
}
