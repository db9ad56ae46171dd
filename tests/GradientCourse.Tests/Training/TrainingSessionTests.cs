namespace GradientCourse.Tests.Training;

/// <summary>TrainingSession is Trainer.Train one step at a time: the same weights, records and divergence, bit for bit.</summary>
public class TrainingSessionTests
{
    [Theory]
    [InlineData(false, 32, true, 0)]    // 256 rows: 8 batches per epoch, 3 epochs crossed
    [InlineData(true, 30, true, 1)]     // batch norm, remainder of 16 rows
    [InlineData(true, 17, false, 2)]    // batch norm, 256 = 15 × 17 + 1: the single-row remainder is skipped
    [InlineData(false, 1000, true, 3)]  // one batch larger than the data
    public void Step_NTimes_EqualsTrainWithMaxSteps(bool batchNorm, int batchSize, bool shuffle, int clip)
    {
        const int steps = 25;
        var data = Datasets.Regression1D(256, seed: 4);
        var options = new TrainerOptions
        {
            BatchSize = batchSize,
            Seed = 11,
            Shuffle = shuffle,
            Epochs = steps,
            MaxSteps = steps,
            ClipNorm = clip == 1 ? 0.5 : null,
            ClipValue = clip == 2 ? 0.01 : null,
        };
        var reference = Make(batchNorm);
        var expected = Trainer.Train(reference, data.X, data.Y, new MeanSquaredError(), new Adam(0.01), options);

        var model = Make(batchNorm);
        var session = new TrainingSession(model, data.X, data.Y, new MeanSquaredError(), new Adam(0.01), options);
        var records = Enumerable.Range(0, steps).Select(_ => session.Step()).ToList();

        Assert.Equal(steps, session.StepCount);
        Assert.Equal(expected.Steps.Select(s => (s.Step, s.Epoch, s.Loss, s.GradNormBeforeClip, s.GradNormAfterClip)),
            records.Select(s => (s!.Step, s.Epoch, s.Loss, s.GradNormBeforeClip, s.GradNormAfterClip)));
        Assert.Equal(expected.Steps.SelectMany(s => s.Layers), records.SelectMany(s => s!.Layers));
        for (var i = 0; i < model.Parameters.Count; i++)
        {
            Assert.Equal(reference.Parameters[i].Value.Data, model.Parameters[i].Value.Data);
        }
    }

    [Fact]
    public void Step_AfterDivergence_SameReportAndNoMoreSteps()
    {
        var data = Datasets.Regression1D(256, seed: 0);
        var options = new TrainerOptions { BatchSize = 32, Seed = 0, Epochs = 50 };
        var expected = Trainer.Train(Exploding(), data.X, data.Y, new MeanSquaredError(), 1.0, options);
        Assert.NotNull(expected.Divergence);

        var session = new TrainingSession(Exploding(), data.X, data.Y, new MeanSquaredError(), new Sgd(1.0), options);
        var taken = 0;
        while (session.Step() is not null)
        {
            taken++;
        }

        Assert.Equal(expected.StepCount, taken);
        Assert.Equal(expected.Divergence, session.Divergence);
        Assert.Null(session.Step());
        Assert.Equal(taken, session.StepCount);
    }

    [Fact]
    public void Constructor_BatchNormWithBatchOfOne_Throws()
    {
        var data = Datasets.Regression1D(8, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            new TrainingSession(Make(batchNorm: true), data.X, data.Y, new MeanSquaredError(), new Sgd(0.1), new TrainerOptions { BatchSize = 1 }));
        Assert.Contains("batch norm", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BatchSize is 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Use BatchSize ≥ 2", ex.Message, StringComparison.Ordinal);
    }

    private static Mlp Make(bool batchNorm) =>
        Mlp.Create(1, [8, 8, 8], 1, Activations.Tanh, Initializers.GlorotUniform, seed: 5, batchNorm: batchNorm);

    private static Mlp Exploding() =>
        Mlp.Create(1, Enumerable.Repeat(32, 10).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: 0); // diverges at step 3 with learning rate 1
}
