using GradientCourse;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>Every claim of notebooks/06-relu-family.ipynb, recomputed with the library at the notebook's seeds and sizes.</summary>
public class Notebook06ClaimsTests
{
    private static readonly int[] Depths = [2, 4, 8, 16];
    private static readonly double[] LearningRates = [0.01, 0.1, 0.5, 1.0];
    private static readonly Dataset SweepData = Datasets.Regression1D(n: 64, seed: 0);
    private static readonly TrainerOptions SweepOptions = new() { Epochs = 40, BatchSize = 64, ClipNorm = 5.0 };
    private static readonly Lazy<TrainingRun[,]> ReluSweep = new(() => Sweep(Activations.ReLU));
    private static readonly Lazy<TrainingRun[,]> LeakySweep = new(() => Sweep(Activations.LeakyReLU()));
    private static readonly Dataset DeepData = Datasets.Regression1D(n: 256, seed: 0);
    private static readonly TrainerOptions DeepOptions = new() { Epochs = 20, BatchSize = 32, MaxSteps = 100 };

    [Fact]
    public void ReLU_StandardNormalInputs_AboutHalfOutputsAreExactlyZero()
    {
        var h = Initializers.Normal(1.0).Sample(10_000, 1, Seeds.Create(0));

        var zeros = (double)h.Data.Count(v => Activations.ReLU.Value(v) == 0) / h.Length;

        Assert.InRange(zeros, 0.49, 0.51);
    }

    [Fact]
    public void Selu_Constants_AreKlambauersToFourDecimals()
    {
        Assert.Equal(1.0507, SELU.Lambda, 4);
        Assert.Equal(1.6733, SELU.Alpha, 4);
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("swish")]
    [InlineData("mish")]
    public void SmoothNonMonotonic_DipBelowZeroNegativeSlopeLeftAndAboveOneRight(string name)
    {
        var f = Activations.FromName(name);
        var grid = Enumerable.Range(0, 5001).Select(i => -5 + (i * 0.001));

        Assert.True(grid.Min(f.Value) < 0);
        Assert.True(f.Derivative(-3) < 0);
        Assert.True(f.Derivative(3) > 1);
    }

    [Fact]
    public void ReLU_NegativeSide_ZeroDerivativeWhileLeakyAndPReLUKeepSlope()
    {
        Assert.Equal(0.0, Activations.ReLU.Derivative(-3));
        Assert.Equal(0.01, Activations.LeakyReLU().Derivative(-3));
        Assert.Equal(0.25, Activations.PReLU().Derivative(-3));
    }

    [Fact]
    public void PReLULayer_FitToLeakyTargets_LearnsAlphaPointOne()
    {
        var prelu = new PReLULayer(alpha: 0.25);
        var xs = Initializers.Normal(1.0).Sample(256, 1, Seeds.Create(1));
        var targets = new Matrix(256, 1, xs.Data.Select(Activations.LeakyReLU(0.1).Value).ToArray());
        var sgd = new Sgd(learningRate: 0.5);
        for (var step = 0; step < 50; step++)
        {
            prelu.Backward(Losses.MeanSquaredError.Gradient(prelu.Forward(xs), targets));
            sgd.Step(prelu.Parameters);
        }

        Assert.Equal(0.1, prelu.Alpha.Value[0, 0], 1e-4);
    }

    [Fact]
    public void Selu_LeCunNormal32Layers_OutputStdStaysNearOneWhileReluLeCunShrinks()
    {
        var input = Initializers.Normal(1.0).Sample(256, 64, Seeds.Create(2));

        var selu = OutputStd(input, Activations.SELU, Initializers.LeCunNormal);
        var reluLeCun = OutputStd(input, Activations.ReLU, Initializers.LeCunNormal);

        Assert.All(selu, s => Assert.InRange(s, 0.8, 1.1));
        Assert.True(reluLeCun[^1] < 1e-4, $"ReLU + LeCun std at layer 32 is {reluLeCun[^1]}");
        Assert.True(reluLeCun.Zip(reluLeCun.Skip(4)).All(p => p.Second < p.First), "ReLU + LeCun std should keep shrinking");
    }

    [Fact]
    public void DeadUnit_BiasMinusFive_ReluGetsExactlyZeroGradientLeakyDoesNot()
    {
        var toy = Datasets.Regression1D(n: 32, seed: 0);

        var relu = HiddenGradients(Activations.ReLU, toy);
        var leaky = HiddenGradients(Activations.LeakyReLU(), toy);

        Assert.Equal((0.0, 0.0), relu);
        Assert.NotEqual(0.0, leaky.DW);
        Assert.NotEqual(0.0, leaky.DB);
    }

    [Fact]
    public void ReluSweep_AtStepZero_SomeUnitsDeadAndMoreWithDepth()
    {
        var atStart = Enumerable.Range(0, Depths.Length).Select(d => DeadAt(ReluSweep.Value[d, 0], 0)).ToArray();

        Assert.All(atStart, f => Assert.True(f > 0));
        Assert.True(atStart.Zip(atStart.Skip(1)).All(p => p.Second > p.First), string.Join(", ", atStart));
    }

    [Fact]
    public void ReluSweep_LargestRate_FarMoreDeadThanSmallestAtEveryDepth()
    {
        for (var d = 0; d < Depths.Length; d++)
        {
            var slow = DeadAtEnd(ReluSweep.Value[d, 0]);
            var fast = DeadAtEnd(ReluSweep.Value[d, 3]);
            Assert.True(fast - slow >= 0.15, $"depth {Depths[d]}: {slow} at lr 0.01, {fast} at lr 1.0");
        }
    }

    [Fact]
    public void ReluSweep_LargeRates_EveryFinalLossAboveEverySmallRateLoss()
    {
        var runs = ReluSweep.Value;
        var large = Enumerable.Range(0, Depths.Length).SelectMany(d => new[] { runs[d, 2], runs[d, 3] }).Min(r => r.FinalLoss);
        var small = Enumerable.Range(0, Depths.Length).SelectMany(d => new[] { runs[d, 0], runs[d, 1] }).Max(r => r.FinalLoss);

        Assert.True(large > small, $"smallest loss at lr ≥ 0.5: {large}; largest at lr ≤ 0.1: {small}");
        Assert.All(runs.Cast<TrainingRun>(), r => Assert.False(r.Diverged));
    }

    [Fact]
    public void LeakySweep_NoDeadUnitsLossFallsUpToHalfAndRisesInThreeOfFourAtOne()
    {
        var runs = LeakySweep.Value;

        Assert.All(runs.Cast<TrainingRun>(), r => Assert.Equal(0.0, DeadAtEnd(r)));
        for (var d = 0; d < Depths.Length; d++)
        {
            for (var r = 0; r < 3; r++)
            {
                Assert.True(runs[d, r].FinalLoss < runs[d, r].Losses[0], $"depth {Depths[d]}, lr {LearningRates[r]}");
            }
        }

        Assert.Equal(3, Enumerable.Range(0, Depths.Length).Count(d => runs[d, 3].FinalLoss > runs[d, 3].Losses[0]));
    }

    [Fact]
    public void DeepNet_SigmoidStallsNearTargetVarianceReluHeTrainsReluAtPointOneDiverges()
    {
        var (sigmoidNet, sigmoidRun) = TrainDeep(Activations.Sigmoid, Initializers.GlorotUniform, 0.1);
        var (reluNet, reluRun) = TrainDeep(Activations.ReLU, Initializers.HeNormal, 0.03);
        var (_, tooFast) = TrainDeep(Activations.ReLU, Initializers.HeNormal, 0.1);
        var y = DeepData.Y.Data;
        var variance = y.Average(v => (v - y.Average()) * (v - y.Average()));

        var sigmoidLoss = Trainer.Evaluate(sigmoidNet, DeepData.X, DeepData.Y, Losses.MeanSquaredError);
        var reluLoss = Trainer.Evaluate(reluNet, DeepData.X, DeepData.Y, Losses.MeanSquaredError);

        Assert.InRange(sigmoidLoss / variance, 0.85, 1.15);
        Assert.True(reluLoss < 0.3 * variance, $"relu {reluLoss}, variance {variance}");
        Assert.True(tooFast.Diverged);
        Assert.False(sigmoidRun.Diverged || reluRun.Diverged);

        // per-layer gradient norms at step 0: sigmoid falls by many orders of magnitude, ReLU + He stays roughly flat.
        Assert.True(FirstOverLast(sigmoidRun) < 1e-10, $"sigmoid {FirstOverLast(sigmoidRun)}");
        Assert.InRange(FirstOverLast(reluRun), 1e-2, 1e2);
    }

    private static TrainingRun[,] Sweep(Activation f)
    {
        var runs = new TrainingRun[Depths.Length, LearningRates.Length];
        for (var d = 0; d < Depths.Length; d++)
        {
            for (var r = 0; r < LearningRates.Length; r++)
            {
                var model = Mlp.Create(1, Enumerable.Repeat(16, Depths[d]).ToArray(), 1, f, Initializers.HeNormal, seed: 0);
                runs[d, r] = Trainer.Train(model, SweepData.X, SweepData.Y, Losses.MeanSquaredError, LearningRates[r], SweepOptions);
            }
        }

        return runs;
    }

    private static double DeadAt(TrainingRun run, int step) => run.LayersAt(step).SkipLast(1).Average(l => l.DeadFraction);

    private static double DeadAtEnd(TrainingRun run) => DeadAt(run, run.StepCount - 1);

    private static double[] OutputStd(Matrix input, Activation f, Initializer init)
    {
        var net = Mlp.Create(64, Enumerable.Repeat(64, 32).ToArray(), 1, f, init, seed: 3);
        net.Forward(input, training: false);
        return net.Blocks.SkipLast(1).Select(b =>
        {
            var v = b.Activation!.Output!.Data;
            var m = v.Average();
            return Math.Sqrt(v.Average(u => (u - m) * (u - m)));
        }).ToArray();
    }

    private static (double DW, double DB) HiddenGradients(Activation f, Dataset data)
    {
        var net = new Mlp([
            new MlpBlock(1, new Dense(Matrix.Filled(1, 1, 1.0), Matrix.Filled(1, 1, -5.0), "hidden"), null, new ActivationLayer(f)),
            new MlpBlock(2, new Dense(Matrix.Filled(1, 1, 1.0), new Matrix(1, 1), "out"), null, null)]);
        net.Backward(Losses.MeanSquaredError.Gradient(net.Forward(data.X), data.Y));
        return (net.Blocks[0].Dense.Weights.Grad[0, 0], net.Blocks[0].Dense.Bias.Grad[0, 0]);
    }

    private static (Mlp Net, TrainingRun Run) TrainDeep(Activation f, Initializer init, double learningRate)
    {
        var net = Mlp.Create(1, Enumerable.Repeat(32, 19).ToArray(), 1, f, init, seed: 0);
        return (net, Trainer.Train(net, DeepData.X, DeepData.Y, Losses.MeanSquaredError, learningRate, DeepOptions));
    }

    private static double FirstOverLast(TrainingRun run) => run.LayersAt(0)[0].WeightGradNorm / run.LayersAt(0)[^1].WeightGradNorm;
}
