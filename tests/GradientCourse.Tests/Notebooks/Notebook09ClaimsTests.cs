using GradientCourse;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim the prose of notebooks/09-case-study-electricity.ipynb makes, recomputed with the same data, split,
/// models, optimizer and seeds as the notebook (the runs are shared by all tests of this class).
/// </summary>
public sealed class Notebook09ClaimsTests : IClassFixture<Notebook09ClaimsTests.CaseStudy>
{
    private readonly CaseStudy study;

    public Notebook09ClaimsTests(CaseStudy study) => this.study = study;

    [Fact]
    public void Split_EveryFourthWeekHeldOut_CoversAllSeasons()
    {
        Assert.Equal(8760, study.TrainRows + study.ValidRows);
        Assert.Equal(6576, study.TrainRows);
        Assert.Equal(2184, study.ValidRows);
        Assert.Equal(12, study.ValidationMonths); // whole weeks from every month: all seasons are validated
    }

    [Fact]
    public void Runs_TwoEpochsOfBatches64_Are206Steps()
    {
        Assert.Equal(206, study.ShallowRun.StepCount);
        Assert.Equal(824, study.SigmoidRun.StepCount + study.LongerRun.StepCount); // "four times the steps in all"
    }

    [Fact]
    public void DeepSigmoid_LossStaysNearOne_NoBetterThanAlwaysTheAverage()
    {
        var lastLosses = study.SigmoidRun.Losses[^50..].Average();
        Assert.InRange(lastLosses, 0.9, 1.2);
        Assert.True(study.SigmoidRmse >= study.AverageRmse - 1.0, $"deep sigmoid {study.SigmoidRmse:F1} MW vs average {study.AverageRmse:F1} MW");
        Assert.True(study.ShallowRmse < study.AverageRmse / 2, $"the shallow net fits: {study.ShallowRmse:F1} MW");
    }

    [Fact]
    public void DeepSigmoid_FirstLayerGradientVanishes_UpdateRatioFarBelowHealthy()
    {
        Assert.True(study.SigmoidFirstOverLast < 1e-4, $"‖dW₁‖/‖dW_last‖ = {study.SigmoidFirstOverLast:0.0e+00}");
        var ratios = study.SigmoidRun.LayerSeries(l => l.UpdateToDataRatio).Select(s => s.Average()).ToArray();
        Assert.True(ratios[0] < 1e-5, $"layer 1 update:data {ratios[0]:0.0e+00}");
        var means = study.SigmoidRun.LayerSeries(l => l.WeightGradNorm).Select(s => s.Average()).ToArray();
        Assert.Equal(0, Array.IndexOf(means, means.Min())); // exercise 09.3: the input layer gets the least
    }

    [Fact]
    public void MoreEpochs_DoNotHelpTheDeepSigmoidNet()
    {
        Assert.True(Math.Abs(study.LongerRmse - study.SigmoidRmse) < 1.0, $"{study.SigmoidRmse:F1} → {study.LongerRmse:F1} MW");
        Assert.True(study.LongerRmse >= study.AverageRmse - 1.0);
    }

    [Fact]
    public void ReluHe_TrainsTheSameDepth_NextToTheShallowNet_GradientsReachTheInput()
    {
        Assert.True(Math.Abs(study.ReluRmse - study.ShallowRmse) < 3.0, $"ReLU {study.ReluRmse:F1} vs shallow {study.ShallowRmse:F1} MW");
        Assert.True(study.ShallowRmse <= study.ReluRmse + 1.0, "the shallow net is about as good as the deep ones");
        Assert.InRange(study.ReluFirstOverLast, 0.1, 10);
    }

    [Fact]
    public void BatchNorm_RescuesSigmoid_ButDoesNotBeatReluHe_ClippingChangesLittle()
    {
        Assert.True(study.SigmoidBnRmse < study.AverageRmse / 2, $"sigmoid + BN {study.SigmoidBnRmse:F1} MW");
        Assert.True(study.ReluBnRmse >= study.ReluRmse, $"ReLU + BN {study.ReluBnRmse:F1} vs ReLU {study.ReluRmse:F1} MW");
        Assert.True(Math.Abs(study.ClippedRmse - study.ReluBnRmse) < 3.0, $"clip {study.ClippedRmse:F1} vs BN {study.ReluBnRmse:F1} MW");
        Assert.True(study.LargestNormWithoutClip > 5.0, "with batch norm the gradient norm has spikes above the clipping threshold");
    }

    /// <summary>The notebook's pipeline, run once.</summary>
    public sealed class CaseStudy
    {
        public CaseStudy()
        {
            // Byte-identical to data/electricity.csv (ElectricityDataTests), which the notebook loads.
            var records = ElectricityData.Generate();
            var x = ElectricityData.Features(records);
            var (y, _, stdMw) = ElectricityData.Target(records);
            static bool IsValidation(ElectricityRecord r) => (r.Timestamp.DayOfYear - 1) / 7 % 4 == 3;
            int[] trainRows = [.. Enumerable.Range(0, records.Count).Where(i => !IsValidation(records[i]))];
            int[] validRows = [.. Enumerable.Range(0, records.Count).Where(i => IsValidation(records[i]))];
            TrainRows = trainRows.Length;
            ValidRows = validRows.Length;
            ValidationMonths = validRows.Select(i => records[i].Timestamp.Month).Distinct().Count();
            var (xTrain, yTrain) = (x.SelectRows(trainRows), y.SelectRows(trainRows));
            var (xValid, yValid) = (x.SelectRows(validRows), y.SelectRows(validRows));
            double Rmse(Mlp model) => Math.Sqrt(Trainer.Evaluate(model, xValid, yValid, Losses.MeanSquaredError)) * stdMw;
            AverageRmse = Math.Sqrt(yValid.Data.Average(v => v * v)) * stdMw;

            var options = new TrainerOptions { Epochs = 2, BatchSize = 64, Seed = 0 };
            static Optimizer NewOptimizer() => new SgdMomentum(learningRate: 0.02, momentum: 0.9);
            TrainingRun Train(Mlp model, TrainerOptions o) => Trainer.Train(model, xTrain, yTrain, Losses.MeanSquaredError, NewOptimizer(), o);
            static double FirstOverLast(TrainingRun run) => run.LayersAt(0)[0].WeightGradNorm / run.LayersAt(0)[^1].WeightGradNorm;
            int[] deep = [.. Enumerable.Repeat(16, 10)];

            var shallow = Mlp.Create(8, [32], 1, Activations.Tanh, Initializers.GlorotUniform, seed: 0);
            ShallowRun = Train(shallow, options);
            ShallowRmse = Rmse(shallow);

            var sigmoid = Mlp.Create(8, deep, 1, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0);
            SigmoidRun = Train(sigmoid, options);
            SigmoidRmse = Rmse(sigmoid);
            SigmoidFirstOverLast = FirstOverLast(SigmoidRun);
            LongerRun = Train(sigmoid, options with { Epochs = 6, Seed = 1, RecordTelemetry = false });
            LongerRmse = Rmse(sigmoid);

            var relu = Mlp.Create(8, deep, 1, Activations.ReLU, Initializers.HeNormal, seed: 0);
            ReluFirstOverLast = FirstOverLast(Train(relu, options));
            ReluRmse = Rmse(relu);

            var reluBn = Mlp.Create(8, deep, 1, Activations.ReLU, Initializers.HeNormal, seed: 0, batchNorm: true);
            LargestNormWithoutClip = Train(reluBn, options).StepSeries(s => s.GradNormBeforeClip).Max();
            ReluBnRmse = Rmse(reluBn);

            var sigmoidBn = Mlp.Create(8, deep, 1, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0, batchNorm: true);
            Train(sigmoidBn, options);
            SigmoidBnRmse = Rmse(sigmoidBn);

            var clipped = Mlp.Create(8, deep, 1, Activations.ReLU, Initializers.HeNormal, seed: 0, batchNorm: true);
            Train(clipped, options with { ClipNorm = 5.0 });
            ClippedRmse = Rmse(clipped);
        }

        public int TrainRows { get; }
        public int ValidRows { get; }
        public int ValidationMonths { get; }
        public double AverageRmse { get; }
        public TrainingRun ShallowRun { get; }
        public double ShallowRmse { get; }
        public TrainingRun SigmoidRun { get; }
        public double SigmoidRmse { get; }
        public double SigmoidFirstOverLast { get; }
        public TrainingRun LongerRun { get; }
        public double LongerRmse { get; }
        public double ReluFirstOverLast { get; }
        public double ReluRmse { get; }
        public double LargestNormWithoutClip { get; }
        public double ReluBnRmse { get; }
        public double SigmoidBnRmse { get; }
        public double ClippedRmse { get; }
    }
}
