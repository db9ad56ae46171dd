using GradientCourse;

namespace GradientCourse.Tests.Training;

/// <summary>
/// <see cref="TrainerOptions.SnapshotSteps"/>: the values kept are the ones the step computed, checked against an
/// independent forward pass (activations) and central finite differences of the loss (gradients).
/// </summary>
public class SnapshotTests
{
    private static readonly int[] Hidden = [8, 8, 8];

    [Fact]
    public void Snapshot_Activations_EqualAForwardPassOfTheSameBatchBeforeTheUpdate()
    {
        var (x, y) = Datasets.Regression1D(16, seed: 4);
        var model = Mlp.Create(1, Hidden, 1, Activations.Sigmoid, Initializers.GlorotNormal, seed: 5);
        var reference = model.Clone();
        reference.Forward(x, training: true);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate: 0.5, FullBatch with { SnapshotSteps = [0] });

        var snapshot = Assert.Single(run.Snapshots).Snapshot!;
        Assert.Equal(reference.Depth, snapshot.Count);
        for (var b = 0; b < reference.Depth; b++)
        {
            Assert.Equal(reference.Blocks[b].Output.Data, snapshot[b].Activations);
            Assert.Equal(b + 1, snapshot[b].Layer);
        }

        Assert.Equal(["sigmoid", "sigmoid", "sigmoid", "identity"], snapshot.Select(s => s.Activation));
        Assert.Equal([true, true, true, false], snapshot.Select(s => s.Saturates));
    }

    [Fact]
    public void Snapshot_Gradients_SumOverExamplesToTheFiniteDifferenceBiasGradient()
    {
        var (x, y) = Datasets.Regression1D(16, seed: 6);
        var model = Mlp.Create(1, Hidden, 1, Activations.Tanh, Initializers.GlorotNormal, seed: 7);
        var reference = model.Clone();

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate: 0.5, FullBatch with { SnapshotSteps = [0] });

        var snapshot = run.Snapshots[0].Snapshot!;
        for (var b = 0; b < reference.Depth; b++)
        {
            var bias = reference.Blocks[b].Dense.Bias.Value.Data;
            var units = bias.Length;
            for (var j = 0; j < units; j++)
            {
                // dL/db_j = Σ_examples dL/dh[r, j]: the snapshot's gradients against a central difference of the loss
                var fromSnapshot = 0.0;
                for (var r = 0; r < x.Rows; r++)
                {
                    fromSnapshot += snapshot[b].Gradients[(r * units) + j];
                }

                const double eps = 1e-6;
                var saved = bias[j];
                bias[j] = saved + eps;
                var plus = Trainer.Evaluate(reference, x, y, Losses.MeanSquaredError);
                bias[j] = saved - eps;
                var minus = Trainer.Evaluate(reference, x, y, Losses.MeanSquaredError);
                bias[j] = saved;
                var numeric = (plus - minus) / (2 * eps);

                Assert.True(Math.Abs(fromSnapshot - numeric) <= 1e-7 + (1e-5 * Math.Abs(numeric)), $"layer {b + 1}, unit {j}: snapshot {fromSnapshot}, finite difference {numeric}");
            }
        }
    }

    [Fact]
    public void Snapshots_ChangeNothingAboutTraining_AndAreKeptOnlyAtTheirSteps()
    {
        var (x, y) = Datasets.Regression1D(64, seed: 8);
        var plain = Mlp.Create(1, Hidden, 1, Activations.ReLU, Initializers.HeNormal, seed: 9);
        var watched = plain.Clone();
        var options = TrainerOptions.Default with { Epochs = 3, BatchSize = 16, Seed = 2 };

        var plainRun = Trainer.Train(plain, x, y, Losses.MeanSquaredError, learningRate: 0.05, options);
        var watchedRun = Trainer.Train(watched, x, y, Losses.MeanSquaredError, learningRate: 0.05, options with { SnapshotSteps = [0, 5, 11, 500] });

        Assert.Equal(plainRun.Losses, watchedRun.Losses);
        for (var b = 0; b < plain.Depth; b++)
        {
            Assert.Equal(plain.Blocks[b].Dense.Weights.Value.Data, watched.Blocks[b].Dense.Weights.Value.Data);
        }

        Assert.Equal([0, 5, 11], watchedRun.Snapshots.Select(s => s.Step));
        Assert.All(plainRun.Steps, s => Assert.Null(s.Snapshot));
        foreach (var step in watchedRun.Snapshots)
        {
            // the fractions are the step's own telemetry; the activations are its batch (16 examples × width)
            Assert.Equal(step.Layers.Select(l => l.DeadFraction), step.Snapshot!.Select(s => s.DeadFraction));
            Assert.Equal(step.Layers.Select(l => l.SaturatedFraction), step.Snapshot!.Select(s => s.SaturatedFraction));
            Assert.Equal(16 * 8, step.Snapshot![0].Activations.Length);
            Assert.Equal(16 * 1, step.Snapshot![^1].Gradients.Length);
        }
    }

    [Fact]
    public void SnapshotSteps_WithoutTelemetryOrNegative_IsRefusedWithTheFix()
    {
        var (x, y) = Datasets.Regression1D(16, seed: 1);
        var model = Mlp.Create(1, Hidden, 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var noTelemetry = Assert.Throws<ArgumentException>(() =>
            Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.1, TrainerOptions.Default with { RecordTelemetry = false, SnapshotSteps = [0] }));
        var negative = Assert.Throws<ArgumentException>(() =>
            Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.1, TrainerOptions.Default with { SnapshotSteps = [3, -1] }));

        Assert.Contains("RecordTelemetry = true", noTelemetry.Message);
        Assert.Contains("-1", negative.Message);
        Assert.Contains("count from 0", negative.Message);
    }

    private static TrainerOptions FullBatch => TrainerOptions.Default with { BatchSize = 16, Shuffle = false, MaxSteps = 1 };
}
