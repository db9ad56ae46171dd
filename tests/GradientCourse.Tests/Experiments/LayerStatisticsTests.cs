using GradientCourse;

namespace GradientCourse.Tests.Experiments;

public class LayerStatisticsTests
{
    [Theory]
    [InlineData(0.8)]
    [InlineData(1.25)]
    public void Measure_DeepLinearNet_VarianceScalesLikeSigmaToThe2L(double sigma)
    {
        // Identity activations, weights N(0, σ²/fanIn): E[a_L²] = σ^(2L) · E[x²] (theory for a deep linear net).
        var report = LayerStatistics.ForDeepNet(Activations.Identity, TrainabilityMap.ScaledNormal(sigma), depth: 10, width: 128, batchSize: 256, seed: 3);

        foreach (var layer in report.Layers)
        {
            var ratio = layer.ActivationStd * layer.ActivationStd / Math.Pow(sigma, 2 * layer.Layer);
            Assert.InRange(ratio, 0.7, 1.4);
        }
    }

    [Fact]
    public void ForDeepNet_HeWithReLU_KeepsActivationAndGradientStdWithinSmallFactor()
    {
        var report = LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.HeNormal, depth: 20, width: 128, seed: 1);

        var act = report.Series(l => l.ActivationStd);
        var grad = report.Series(l => l.GradientStd);
        Assert.InRange(act.Max() / act.Min(), 1.0, 3.0);
        Assert.InRange(grad.Max() / grad.Min(), 1.0, 3.0);
    }

    [Fact]
    public void ForDeepNet_TooSmallNormal_ActivationsCollapseGeometrically()
    {
        // ReLU with N(0, 0.05²) at width 64: gain g = 0.05·sqrt(32) ≈ 0.28 per layer.
        var report = LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.Normal(0.05), depth: 12, width: 64, seed: 0);

        var act = report.Series(l => l.ActivationStd);
        var perLayer = Math.Pow(act[^1] / act[0], 1.0 / (act.Length - 1));
        Assert.InRange(perLayer, 0.2, 0.36);
    }

    [Fact]
    public void Measure_TwoLayerNet_MatchesManualForwardAndBackward()
    {
        var model = Mlp.Create(3, [5], 2, Activations.Tanh, Initializers.GlorotNormal, seed: 4);
        var x = TestData.Gaussian(7, 3, seed: 5);

        var report = LayerStatistics.Measure(model, x, seed: 6);

        // Manual reference from the weights.
        var w1 = model.Blocks[0].Dense.Weights.Value;
        var w2 = model.Blocks[1].Dense.Weights.Value;
        var h1 = Matrix.Multiply(x, w1);
        var a1 = new Matrix(h1.Rows, h1.Cols, h1.Data.Select(Math.Tanh).ToArray());
        var h2 = Matrix.Multiply(a1, w2);
        var random = Seeds.Create(6);
        var g2 = new Matrix(7, 2, Enumerable.Range(0, 14).Select(_ => random.NextGaussian()).ToArray());
        var back = Matrix.Multiply(g2, w2.Transpose());
        var g1 = new Matrix(7, 5, back.Data.Select((v, i) => v * (1 - (a1.Data[i] * a1.Data[i]))).ToArray());
        var dW1 = Matrix.Multiply(x.Transpose(), g1);

        Assert.Equal(h1.StandardDeviation(), report.Layers[0].PreActivationStd, 12);
        Assert.Equal(a1.StandardDeviation(), report.Layers[0].ActivationStd, 12);
        Assert.Equal(a1.Mean(), report.Layers[0].ActivationMean, 12);
        Assert.Equal(h2.StandardDeviation(), report.Layers[1].ActivationStd, 12);
        Assert.Equal(g2.StandardDeviation(), report.Layers[1].GradientStd, 12);
        Assert.Equal(g1.StandardDeviation(), report.Layers[0].GradientStd, 12);
        Assert.Equal(dW1.StandardDeviation(), report.Layers[0].WeightGradientStd, 12);
    }

    [Fact]
    public void Measure_WrongInputWidth_Throws()
    {
        var model = Mlp.Create(3, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 0);

        var error = Assert.Throws<ArgumentException>(() => LayerStatistics.Measure(model, new Matrix(2, 4)));
        Assert.Contains("expects 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForDeepNet_DepthZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.HeNormal, depth: 0));
}
