using GradientCourse;

namespace GradientCourse.Tests.Experiments;

/// <summary><see cref="Xray.CheckInitialLoss"/> against closed forms: ln K, ln 2, mean of y².</summary>
public class InitialLossCheckTests
{
    [Fact]
    public void Expected_IsLnKForSoftmaxLn2ForBinaryAndMeanSquareOfTargetsForMse()
    {
        var spirals = Datasets.Spirals(60, classes: 4, noise: 0.1, seed: 1);
        var moons = Datasets.TwoMoons(60, noise: 0.1, seed: 2);
        var (x, y) = Datasets.Regression1D(60, seed: 3);

        var softmax = Xray.CheckInitialLoss(Mlp.Create(2, [8], 4, Activations.ReLU, Initializers.HeNormal, seed: 1), spirals.X, spirals.Y, Losses.SoftmaxCrossEntropy);
        var binary = Xray.CheckInitialLoss(Mlp.Create(2, [8], 1, Activations.ReLU, Initializers.HeNormal, seed: 1), moons.X, moons.Y, Losses.BinaryCrossEntropyWithLogits);
        var mse = Xray.CheckInitialLoss(Mlp.Create(1, [8], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1), x, y, Losses.MeanSquaredError);

        var meanSquare = 0.0;
        foreach (var v in y.Data)
        {
            meanSquare += v * v;
        }

        meanSquare /= y.Length;
        Assert.Equal(Math.Log(4), softmax.Expected, 12);
        Assert.Equal(Math.Log(2), binary.Expected, 12);
        Assert.Equal(meanSquare, mse.Expected, 12);
        Assert.Contains("ln 4", softmax.ToString());
    }

    [Fact]
    public void Measured_IsTheLossOfTheUntouchedModel_AndTheModelIsLeftUnchanged()
    {
        var (x, y) = Datasets.Regression1D(40, seed: 4);
        var model = Mlp.Create(1, [8, 8], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 2);
        var weights = model.Blocks[0].Dense.Weights.Value.Data.ToArray();

        var check = Xray.CheckInitialLoss(model, x, y, Losses.MeanSquaredError);

        Assert.Equal(Trainer.Evaluate(model, x, y, Losses.MeanSquaredError), check.Measured, 12);
        Assert.Equal(weights, model.Blocks[0].Dense.Weights.Value.Data);
        Assert.Equal(check.Measured / check.Expected, check.Ratio, 12);
    }

    [Fact]
    public void Plausible_HeldByAGoodInit_LostByAnOverscaledOne()
    {
        var spirals = Datasets.Spirals(120, classes: 3, noise: 0.1, seed: 5);
        var good = Mlp.Create(2, [32, 32], 3, Activations.Tanh, Initializers.GlorotNormal, seed: 3);
        var overscaled = Mlp.Create(2, [32, 32], 3, Activations.Tanh, Initializers.Normal(5.0), seed: 3);

        var fine = Xray.CheckInitialLoss(good, spirals.X, spirals.Y, Losses.SoftmaxCrossEntropy);
        var bad = Xray.CheckInitialLoss(overscaled, spirals.X, spirals.Y, Losses.SoftmaxCrossEntropy);

        Assert.True(fine.Plausible, fine.ToString());
        Assert.False(bad.Plausible, bad.ToString());
        Assert.True(bad.Ratio > 10, bad.ToString());
        Assert.Contains("confidently wrong", bad.ToString());
        Assert.Contains("unsure", fine.ToString());
    }

    [Fact]
    public void AboveBaseline_TellsAConstantOffsetFromAnOutputThatVaries()
    {
        var (x, y) = Datasets.Regression1D(64, seed: 6);
        var offset = Mlp.Create(1, [8], 1, Activations.Tanh, Initializers.Zeros, seed: 1);
        offset.Blocks[^1].Dense.Bias.Value.Data[0] = 1.5; // ŷ = 1.5 for every input
        var varying = Mlp.Create(1, [8], 1, Activations.Tanh, Initializers.Normal(0.9), seed: 1);

        var constant = Xray.CheckInitialLoss(offset, x, y, Losses.MeanSquaredError);
        var spread = Xray.CheckInitialLoss(varying, x, y, Losses.MeanSquaredError);

        Assert.InRange(constant.Ratio, 2, 10);
        Assert.True(constant.OffsetDominates);
        Assert.Contains("about the same amount for every input", constant.ToString());
        Assert.InRange(spread.Ratio, 2, 10);
        Assert.False(spread.OffsetDominates);
        Assert.Contains("varies about as much as the targets", spread.ToString());
    }
}
