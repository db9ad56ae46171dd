using GradientCourse;

namespace GradientCourse.Tests.Layers;

/// <summary>Every layer's backward pass against central differences (float64, ε = 1e-6, max relative error &lt; 1e-6).</summary>
public class LayerGradientTests
{
    private const double Tolerance = 1e-6;
    private static readonly double[] Gamma = [1.5, 0.5, -0.7, 2.0];
    private static readonly double[] Beta = [0.1, -0.2, 0.3, 0.0];
    private static readonly double[] RunningMean = [0.2, -0.1, 0.5, 1.0];
    private static readonly double[] RunningVariance = [0.8, 1.3, 2.0, 0.5];

    public static TheoryData<string> ActivationNames => new(Activations.All.Select(a => a.Name));

    private static void AssertPasses(GradientCheckReport report) =>
        Assert.True(report.Passes(Tolerance), report.Format());

    [Fact]
    public void Dense_GradientCheck_MatchesFiniteDifferences()
    {
        var layer = new Dense(3, 4, Initializers.GlorotNormal, Seeds.Create(1));
        Array.Copy(TestData.Gaussian(1, 4, 9).Data, layer.Bias.Value.Data, 4); // non-zero bias
        AssertPasses(GradientCheck.Run(layer, Losses.MeanSquaredError, TestData.Gaussian(6, 3, 2), TestData.Gaussian(6, 4, 3)));
    }

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void ActivationLayer_EachActivation_MatchesFiniteDifferences(string name)
    {
        var layer = new ActivationLayer(Activations.FromName(name));
        var x = TestData.AwayFromZero(6, 4, 4, gap: 0.05); // kinks at 0 stay out of reach of ±ε
        // a stochastic activation (RReLU) draws new slopes on every training pass, so finite differences see its
        // deterministic evaluation form; its training backward is checked against the draws in RReLUTests
        var training = layer.Activation is not IStochasticActivation;
        var report = GradientCheck.Run(layer, Losses.MeanSquaredError, x, TestData.Gaussian(6, 4, 5), training: training);
        AssertPasses(report);
        Assert.Single(report.Entries); // no parameters: only dL/dx
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNorm1d_TrainAndEvalMode_MatchesFiniteDifferences(bool training)
    {
        var bn = new BatchNorm1d(4);
        Gamma.CopyTo(bn.Gamma.Value.Data, 0);
        Beta.CopyTo(bn.Beta.Value.Data, 0);
        RunningMean.CopyTo(bn.RunningMean, 0);
        RunningVariance.CopyTo(bn.RunningVariance, 0);
        var x = TestData.Gaussian(6, 4, 6, scale: 2);
        AssertPasses(GradientCheck.Run(bn, Losses.MeanSquaredError, x, TestData.Gaussian(6, 4, 7), training: training));
    }

    [Fact]
    public void PReLULayer_AlphaAndInput_MatchFiniteDifferences()
    {
        var layer = new PReLULayer(0.3);
        var report = GradientCheck.Run(layer, Losses.MeanSquaredError, TestData.AwayFromZero(6, 4, 8), TestData.Gaussian(6, 4, 9));
        AssertPasses(report);
        Assert.Equal("prelu.alpha", report.Entries[0].ParameterName);
        Assert.True(Math.Abs(report.Entries[0].Exact[0]) > 1e-3, "the test batch should give α a real gradient");
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("bce_with_logits")]
    [InlineData("softmax_cross_entropy")]
    public void Losses_GradientThroughIdentityLayer_MatchesFiniteDifferences(string lossName)
    {
        Loss loss = lossName switch
        {
            "mse" => Losses.MeanSquaredError,
            "bce_with_logits" => Losses.BinaryCrossEntropyWithLogits,
            _ => Losses.SoftmaxCrossEntropy,
        };
        var y = lossName == "softmax_cross_entropy" ? TestData.OneHot(6, 4, 1) : TestData.Probabilities(6, 4, 1);
        var logits = TestData.Gaussian(6, 4, 10, scale: 3);
        var report = GradientCheck.Run(new ActivationLayer(Activations.Identity), loss, logits, y);
        AssertPasses(report);
    }
}
