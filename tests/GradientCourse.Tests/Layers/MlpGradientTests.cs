using GradientCourse;

namespace GradientCourse.Tests.Layers;

/// <summary>Whole MLPs (3 → 5 → 4 → 2, batch 6) against central differences, with and without batch norm.</summary>
public class MlpGradientTests
{
    [Theory]
    [InlineData("sigmoid", false, "mse")]
    [InlineData("tanh", false, "mse")]
    [InlineData("relu", false, "mse")]
    [InlineData("leaky_relu", false, "bce_with_logits")]
    [InlineData("elu", false, "mse")]
    [InlineData("selu", false, "softmax_cross_entropy")]
    [InlineData("gelu", false, "mse")]
    [InlineData("swish", false, "bce_with_logits")]
    [InlineData("mish", false, "mse")]
    [InlineData("softplus", false, "softmax_cross_entropy")]
    [InlineData("sigmoid", true, "mse")]
    [InlineData("tanh", true, "softmax_cross_entropy")]
    [InlineData("gelu", true, "mse")]
    [InlineData("selu", true, "bce_with_logits")]
    public void Mlp_GradientCheck_MaxRelativeErrorBelowOneMillionth(string activation, bool batchNorm, string lossName)
    {
        var initializer = activation is "relu" or "leaky_relu" ? Initializers.HeNormal : Initializers.GlorotNormal;
        var model = Mlp.Create(3, [5, 4], 2, Activations.FromName(activation), initializer, seed: 42, batchNorm: batchNorm);
        var (loss, y) = lossName switch
        {
            "mse" => ((Loss)Losses.MeanSquaredError, TestData.Gaussian(6, 2, 2)),
            "bce_with_logits" => (Losses.BinaryCrossEntropyWithLogits, TestData.Probabilities(6, 2, 2)),
            _ => (Losses.SoftmaxCrossEntropy, TestData.OneHot(6, 2, 2)),
        };

        var report = GradientCheck.Run(model, loss, TestData.Gaussian(6, 3, 1), y);

        Assert.True(report.Passes(1e-6), report.Format());
    }

    [Fact]
    public void Mlp_BatchNormInEvalMode_MatchesFiniteDifferences()
    {
        var model = Mlp.Create(3, [5, 4], 2, Activations.Tanh, Initializers.GlorotNormal, seed: 7, batchNorm: true);
        var x = TestData.Gaussian(6, 3, 1);
        for (var i = 0; i < 5; i++)
        {
            model.Forward(x, training: true); // non-trivial running statistics
        }

        var report = GradientCheck.Run(model, Losses.MeanSquaredError, x, TestData.Gaussian(6, 2, 2), training: false);
        Assert.True(report.Passes(1e-6), report.Format());
    }

    [Fact]
    public void Mlp_PReLULayersFromTheBuilder_MatchesFiniteDifferencesIncludingAlpha()
    {
        var model = Mlp.Create(3, [5, 4], 2, k => new PReLULayer(0.1 * k, $"prelu{k}"), Initializers.HeNormal, seed: 3, batchNorm: true);

        var report = GradientCheck.Run(model, Losses.MeanSquaredError, TestData.Gaussian(6, 3, 1), TestData.Gaussian(6, 2, 2));

        Assert.True(report.Passes(1e-6), report.Format());
        Assert.Equal(["dense1", "batchnorm1", "prelu1", "dense2", "batchnorm2", "prelu2", "dense3"], model.Layers.Select(l => l.Name));
        Assert.Contains(model.Parameters, p => p.Name == "prelu2.alpha");
        Assert.Equal([1, 2, 3], model.Blocks.Select(b => b.Index));
        Assert.Null(model.Blocks[0].Activation); // the view's ActivationLayer slot: a PReLU layer is not one
        Assert.Same(model.Layers[2], model.Blocks[0].Layers().Last());
    }

    [Fact]
    public void Mlp_RReLUInEvalMode_MatchesFiniteDifferences()
    {
        var model = Mlp.Create(3, [5, 4], 2, Activations.RReLU(), Initializers.HeNormal, seed: 4);

        var report = GradientCheck.Run(model, Losses.MeanSquaredError, TestData.Gaussian(6, 3, 1), TestData.Gaussian(6, 2, 2), training: false);

        Assert.True(report.Passes(1e-6), report.Format());
    }

    [Fact]
    public void Clone_PReLUNetwork_SameOutputsNoSharedParameters()
    {
        var model = Mlp.Create(3, [5], 2, k => new PReLULayer(0.3, $"prelu{k}"), Initializers.HeNormal, seed: 5);
        var x = TestData.Gaussian(4, 3, 6);

        var copy = model.Clone();

        Assert.Equal(model.Forward(x, training: false).Data, copy.Forward(x, training: false).Data);
        Assert.All(model.Parameters.Zip(copy.Parameters), pair => Assert.NotSame(pair.First.Value, pair.Second.Value));
    }
}
