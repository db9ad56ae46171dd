using GradientCourse;

namespace GradientCourse.Torch.Tests;

public class TorchMlpForwardTests
{
    [Theory]
    [InlineData("sigmoid", false, true)]
    [InlineData("tanh", true, true)]
    [InlineData("relu", true, true)]
    [InlineData("tanh", true, false)]
    [InlineData("relu", false, false)]
    public void Forward_SameWeights_OutputsEqual(string activation, bool batchNorm, bool training)
    {
        var mlp = Fixtures.Model(activation, batchNorm);
        using var torchMlp = new TorchMlp(mlp);
        var x = TestData.Gaussian(12, 5, seed: 41);

        var expected = mlp.Forward(x, training);
        var actual = torchMlp.Forward(x, training);

        Assert.True(Fixtures.RelativeError(expected, actual) < 1e-12, $"relative error {Fixtures.RelativeError(expected, actual):E3}");
    }

    [Fact]
    public void Constructor_CopiesWeightsTransposedBackToLibraryShape()
    {
        var mlp = Fixtures.Model("tanh", batchNorm: true);
        using var torchMlp = new TorchMlp(mlp);
        var weights = torchMlp.Weights();
        foreach (var p in mlp.Parameters)
        {
            Assert.Equal(p.Value.Data, weights[p.Name].Data);
        }
    }

    [Fact]
    public void BatchNormRunningStatistics_AfterOneTrainForward_EqualTorchs()
    {
        var mlp = Fixtures.Model("tanh", batchNorm: true);
        using var torchMlp = new TorchMlp(mlp);
        var x = TestData.Gaussian(9, 5, seed: 51, scale: 2.0);

        mlp.Forward(x, training: true);
        torchMlp.Forward(x, training: true);

        var stats = torchMlp.BatchNormStatistics();
        var bns = mlp.Blocks.Where(b => b.BatchNorm is not null).Select(b => b.BatchNorm!).ToList();
        Assert.Equal(bns.Select(b => b.Name), stats.Keys);
        foreach (var bn in bns)
        {
            Assert.True(Fixtures.RelativeError(bn.RunningMean, stats[bn.Name].Mean) < 1e-12, $"{bn.Name} running mean");
            // PyTorch stores the unbiased (n − 1) batch variance in running_var, as the library does
            Assert.True(Fixtures.RelativeError(bn.RunningVariance, stats[bn.Name].Variance) < 1e-12, $"{bn.Name} running variance");
        }
    }

    [Fact]
    public void Constructor_UnmappedActivation_ThrowsNotSupportedNamingIt()
    {
        var mlp = Mlp.Create(3, [4], 1, new Softsign(), Initializers.GlorotNormal, seed: 1);
        var ex = Assert.Throws<NotSupportedException>(() => new TorchMlp(mlp));
        Assert.Contains("'softsign'", ex.Message, StringComparison.Ordinal);
    }

    private sealed class Softsign : Activation
    {
        public override string Name => "softsign";

        public override double Value(double x) => x / (1 + Math.Abs(x));

        public override double Derivative(double x) => 1 / ((1 + Math.Abs(x)) * (1 + Math.Abs(x)));
    }
}
