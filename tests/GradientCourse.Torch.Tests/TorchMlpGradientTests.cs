using GradientCourse;

namespace GradientCourse.Torch.Tests;

public class TorchMlpGradientTests
{
    private const double Tolerance = 1e-8;

    public static TheoryData<string, bool> Cases() => new()
    {
        { "sigmoid", false }, { "tanh", false }, { "relu", false },
        { "sigmoid", true }, { "tanh", true }, { "relu", true },
        { "identity", false }, { "leaky_relu", false }, { "prelu", false }, { "elu", false }, { "selu", false },
        { "gelu", false }, { "swish", false }, { "mish", false }, { "softplus", false },
        { "elu", true }, { "gelu", true }, { "mish", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_SameWeightsAndData_LibraryEqualsTorchAutograd(string activation, bool batchNorm)
    {
        var mlp = Fixtures.Model(activation, batchNorm);
        using var torchMlp = new TorchMlp(mlp);
        var x = TestData.Gaussian(16, 5, seed: 11);
        var y = TestData.Gaussian(16, 3, seed: 12);

        var torchGrads = torchMlp.Gradients(x, y, "mse");
        var yHat = mlp.Forward(x, training: true);
        mlp.Backward(Losses.MeanSquaredError.Gradient(yHat, y));

        Assert.Equal(mlp.Parameters.Select(p => p.Name), torchGrads.Keys);
        var scale = GradientClipping.GlobalNorm(mlp.Parameters);
        foreach (var p in mlp.Parameters)
        {
            if (BiasFeedsTrainModeBatchNorm(mlp, p.Name))
            {
                // In train mode batch norm subtracts the batch mean, so a constant shift before it changes nothing:
                // dL/db of the Dense feeding it is exactly 0. Both sides hold only round-off (~1e-17), whose
                // relative error means nothing; check that both are zero instead.
                Assert.True(p.Grad.FrobeniusNorm() < 1e-12 * scale, $"{p.Name}: library bias gradient before batch norm should be 0, is {p.Grad.FrobeniusNorm():E3}");
                Assert.True(torchGrads[p.Name].FrobeniusNorm() < 1e-12 * scale, $"{p.Name}: torch bias gradient before batch norm should be 0, is {torchGrads[p.Name].FrobeniusNorm():E3}");
                continue;
            }

            Assert.True(p.Grad.FrobeniusNorm() > 0, $"{p.Name}: library gradient is all zero, the test would prove nothing");
            var error = Fixtures.RelativeError(p.Grad, torchGrads[p.Name]);
            Assert.True(error < Tolerance, $"{p.Name} ({activation}, batchNorm={batchNorm}): relative error {error:E3} ≥ {Tolerance:E0}");
        }

        Assert.Equal(Losses.MeanSquaredError.Value(yHat, y), torchMlp.LastLoss, 1e-12);
    }

    private static bool BiasFeedsTrainModeBatchNorm(Mlp mlp, string name) =>
        mlp.Blocks.Any(b => b.BatchNorm is not null && b.Dense.Bias.Name == name);

    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    [InlineData("rrelu")] // eval mode: both use the fixed slope (lower + upper) / 2; train mode draws differ by design
    public void Gradients_EvalModeWithBatchNorm_LibraryEqualsTorchAutograd(string activation)
    {
        var mlp = Fixtures.Model(activation, batchNorm: true);
        using var torchMlp = new TorchMlp(mlp);
        var x = TestData.Gaussian(10, 5, seed: 21);
        var y = TestData.Gaussian(10, 3, seed: 22);

        var torchGrads = torchMlp.Gradients(x, y, "mse", training: false);
        var yHat = mlp.Forward(x, training: false);
        mlp.Backward(Losses.MeanSquaredError.Gradient(yHat, y));

        foreach (var p in mlp.Parameters)
        {
            var error = Fixtures.RelativeError(p.Grad, torchGrads[p.Name]);
            Assert.True(error < Tolerance, $"{p.Name} (eval): relative error {error:E3}");
        }
    }

    [Fact]
    public void LayerGradientNorms_MatchLibraryWeightGradientNorms()
    {
        var mlp = Fixtures.Model("sigmoid", batchNorm: false);
        using var torchMlp = new TorchMlp(mlp);
        var x = TestData.Gaussian(16, 5, seed: 31);
        var y = TestData.Gaussian(16, 3, seed: 32);
        torchMlp.Gradients(x, y);
        mlp.Backward(Losses.MeanSquaredError.Gradient(mlp.Forward(x), y));

        var norms = torchMlp.LayerGradientNorms();
        Assert.Equal(mlp.Depth, norms.Count);
        for (var k = 0; k < mlp.Depth; k++)
        {
            var block = mlp.Blocks[k];
            Assert.Equal(block.Index, norms[k].Layer);
            Assert.Equal(block.Dense.Name, norms[k].Name);
            Assert.Equal(block.Dense.Weights.Grad.FrobeniusNorm(), norms[k].WeightGradNorm, 1e-12);
            Assert.Equal(block.Dense.Bias.Grad.FrobeniusNorm(), norms[k].BiasGradNorm, 1e-12);
        }
    }

    [Fact]
    public void Gradients_UnknownLoss_ThrowsNamingIt()
    {
        using var torchMlp = new TorchMlp(Fixtures.Model("tanh", batchNorm: false));
        var ex = Assert.Throws<NotSupportedException>(() => torchMlp.Gradients(new Matrix(2, 5), new Matrix(2, 3), "cross_entropy"));
        Assert.Contains("cross_entropy", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gradients_LearnablePReLULayers_LibraryEqualsTorchAutogradIncludingAlpha(bool batchNorm)
    {
        var mlp = Mlp.Create(5, [8, 7], 3, k => new PReLULayer(0.1 * k, $"prelu{k}"), Initializers.HeNormal, seed: 7, batchNorm: batchNorm);
        using var torchMlp = new TorchMlp(mlp);
        var x = TestData.Gaussian(16, 5, seed: 11);
        var y = TestData.Gaussian(16, 3, seed: 12);

        var torchGrads = torchMlp.Gradients(x, y, "mse");
        mlp.Backward(Losses.MeanSquaredError.Gradient(mlp.Forward(x, training: true), y));

        Assert.Equal(mlp.Parameters.Select(p => p.Name), torchGrads.Keys);
        var scale = GradientClipping.GlobalNorm(mlp.Parameters);
        foreach (var p in mlp.Parameters.Where(p => !BiasFeedsTrainModeBatchNorm(mlp, p.Name)))
        {
            // dα is one sum over the whole batch whose terms cancel (after batch norm, about half the inputs are
            // negative with either sign of dY), so its round-off is measured against the gradient's global norm
            var error = p.Name.EndsWith(".alpha", StringComparison.Ordinal)
                ? Math.Abs(p.Grad.Data[0] - torchGrads[p.Name].Data[0]) / Math.Max(Math.Abs(p.Grad.Data[0]), scale)
                : Fixtures.RelativeError(p.Grad, torchGrads[p.Name]);
            Assert.True(error < Tolerance, $"{p.Name} (prelu, batchNorm={batchNorm}): relative error {error:E3} ≥ {Tolerance:E0}");
        }
    }
}
