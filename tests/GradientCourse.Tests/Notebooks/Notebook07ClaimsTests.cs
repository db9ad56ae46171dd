using GradientCourse;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>Every claim of notebooks/07-batch-normalization.ipynb, recomputed with the library at the notebook's seeds and sizes.</summary>
public class Notebook07ClaimsTests
{
    private static readonly Dataset Data = Datasets.Regression1D(n: 256, seed: 0);
    private static readonly TrainerOptions Options = new() { Epochs = 20, BatchSize = 32, MaxSteps = 100 };
    private static readonly double[] LearningRates = [0.01, 0.03, 0.1, 0.3, 1.0];

    [Fact]
    public void BatchNorm1d_TinyBatchWithGammaBeta_MatchesFormulasAndRunningStatistics()
    {
        var x = Matrix.FromRows([[1.0, 2.0, -1.0], [3.0, 0.0, 1.0], [5.0, 4.0, 0.0], [7.0, 2.0, 4.0]]);
        double[] gamma = [2.0, 1.0, 0.5], beta = [0.5, 0.0, -1.0];
        var bn = new BatchNorm1d(features: 3, epsilon: 1e-5, momentum: 0.1);
        gamma.CopyTo(bn.Gamma.Value.Data, 0);
        beta.CopyTo(bn.Beta.Value.Data, 0);

        var y = bn.Forward(x, training: true);

        for (var c = 0; c < 3; c++)
        {
            var column = Enumerable.Range(0, 4).Select(r => x[r, c]).ToArray();
            var mean = column.Average();
            var variance = column.Average(v => (v - mean) * (v - mean));
            for (var r = 0; r < 4; r++)
            {
                Assert.Equal((gamma[c] * (x[r, c] - mean) / Math.Sqrt(variance + 1e-5)) + beta[c], y[r, c], 1e-12);
            }

            Assert.Equal(0.1 * mean, bn.RunningMean[c], 1e-12);
            Assert.Equal(0.9 + (0.1 * variance * 4 / 3), bn.RunningVariance[c], 1e-12);
        }
    }

    [Fact]
    public void BatchNorm1d_MoreTrainingBatches_TrainEvalGapShrinksButStaysPositive()
    {
        var stream = Seeds.Create(0);
        Matrix Batch()
        {
            var b = Initializers.Normal(2.0).Sample(32, 3, stream);
            for (var i = 0; i < b.Length; i++)
            {
                b.Data[i] += 3;
            }

            return b;
        }

        var layer = new BatchNorm1d(3);
        var seen = 0;
        var gaps = new List<double>();
        foreach (var target in new[] { 1, 10, 100 })
        {
            for (; seen < target; seen++)
            {
                layer.Forward(Batch(), training: true);
            }

            var probe = Batch();
            var evalOut = layer.Forward(probe, training: false).Clone();
            gaps.Add(evalOut.Data.Zip(layer.Forward(probe, training: true).Data).Max(p => Math.Abs(p.First - p.Second)));
        }

        Assert.True(gaps[0] > 1, $"after one batch the gap is {gaps[0]}");
        Assert.True(gaps[1] < gaps[0] && gaps[2] < gaps[1], string.Join(", ", gaps));
        Assert.True(gaps[2] > 0);
        Assert.Equal(3.0, layer.RunningMean[0], 0.3);
    }

    [Fact]
    public void DeepSigmoid_BatchNorm_TrainsWherePlainLevelsOffAtTargetVarianceAndKeepsGradientsLevel()
    {
        var (plain, plainRun) = TrainDeepSigmoid(batchNorm: false);
        var (normed, normedRun) = TrainDeepSigmoid(batchNorm: true);
        var y = Data.Y.Data;
        var variance = y.Average(v => (v - y.Average()) * (v - y.Average()));

        var plainLoss = Trainer.Evaluate(plain, Data.X, Data.Y, Losses.MeanSquaredError);
        var normedLoss = Trainer.Evaluate(normed, Data.X, Data.Y, Losses.MeanSquaredError);

        Assert.InRange(plainLoss / variance, 0.85, 1.15);
        Assert.True(normedLoss < 0.3 * plainLoss, $"with {normedLoss}, without {plainLoss}");
        var plainTail = plainRun.Losses.TakeLast(20).Average();
        var normedTail = normedRun.Losses.TakeLast(20).Average();
        Assert.True(normedTail < 0.5 * plainTail, $"last 20 steps: with {normedTail}, without {plainTail}");
        Assert.True(FirstOverLast(plainRun) < 1e-10, $"plain {FirstOverLast(plainRun)}");
        var norms = normedRun.LayersAt(0).Select(l => l.WeightGradNorm).ToArray();
        Assert.True(norms.Max() / norms.Min() < 50, $"batch-norm norms span a factor {norms.Max() / norms.Min()}");
    }

    [Fact]
    public void DenseBiasBeforeBatchNorm_TrainMode_GradientZeroUpToRounding()
    {
        var net = DeepSigmoidNet(batchNorm: true);
        Trainer.Train(net, Data.X, Data.Y, Losses.MeanSquaredError, 0.1, Options with { MaxSteps = 1 });
        var hidden = net.Blocks.SkipLast(1).ToList();

        var maxBiasGrad = hidden.Max(b => b.Dense.Bias.Grad.Data.Max(Math.Abs));
        var minWeightGrad = hidden.Min(b => b.Dense.Weights.Grad.Data.Max(Math.Abs));

        Assert.True(maxBiasGrad < 1e-9 * minWeightGrad, $"bias {maxBiasGrad}, weights {minWeightGrad}");
    }

    [Fact]
    public void ReluLearningRateSweep_BatchNorm_ToleratesPointThreeButNotOne()
    {
        var without = LearningRates.Select(lr => ReluRun(false, lr)).ToArray();
        var with = LearningRates.Select(lr => ReluRun(true, lr)).ToArray();

        Assert.All(without.Take(3), r => Assert.False(r.Diverged));
        Assert.All(without.Skip(3), r => Assert.True(r.Divergence is { Step: <= 5 }, r.ToString()));
        Assert.All(with.Take(4), r =>
        {
            Assert.False(r.Diverged);
            Assert.True(r.Losses.TakeLast(10).Average() < r.Losses[0], r.ToString());
        });
        Assert.False(with[4].Diverged);
        Assert.True(with[4].Losses.TakeLast(10).Average() > 1e10, with[4].ToString());
    }

    private static Mlp DeepSigmoidNet(bool batchNorm) =>
        Mlp.Create(1, Enumerable.Repeat(32, 19).ToArray(), 1, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0, batchNorm: batchNorm);

    private static (Mlp Net, TrainingRun Run) TrainDeepSigmoid(bool batchNorm)
    {
        var net = DeepSigmoidNet(batchNorm);
        return (net, Trainer.Train(net, Data.X, Data.Y, Losses.MeanSquaredError, 0.1, Options));
    }

    private static TrainingRun ReluRun(bool batchNorm, double learningRate) => Trainer.Train(
        Mlp.Create(1, Enumerable.Repeat(16, 9).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: 0, batchNorm: batchNorm),
        Data.X, Data.Y, Losses.MeanSquaredError, learningRate, Options with { MaxSteps = 60 });

    private static double FirstOverLast(TrainingRun run) => run.LayersAt(0)[0].WeightGradNorm / run.LayersAt(0)[^1].WeightGradNorm;
}
