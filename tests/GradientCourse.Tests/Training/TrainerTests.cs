using GradientCourse;

namespace GradientCourse.Tests.Training;

public class TrainerTests
{
    private static readonly TrainerOptions OneStep = TrainerOptions.Default with { MaxSteps = 1 };
    private static readonly string[] LayerQuantities = ["pre-activation", "output", "batch-norm output", "activation", "weight gradient", "weight gradient norm", "weights"];
    private static readonly int[] ExpectedEpochs = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    private static readonly int[] ExpectedLayers = [1, 2];

    [Fact]
    public void Train_SineRegressionWithTanh_LossFallsBelowFifthOfInitial()
    {
        var (x, y) = Datasets.Regression1D(200, seed: 1);
        var model = Mlp.Create(1, [16], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 0);
        var before = Trainer.Evaluate(model, x, y, Losses.MeanSquaredError);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate: 0.1, TrainerOptions.Default with { Epochs = 100 });

        var after = Trainer.Evaluate(model, x, y, Losses.MeanSquaredError);
        Assert.False(run.Diverged);
        Assert.True(after < 0.2 * before, $"loss {before} → {after}");
        Assert.Equal(100 * 7, run.StepCount); // ceil(200 / 32) = 7 batches per epoch
    }

    [Fact]
    public void Train_DeepReluWithLargeWeights_ReportsDivergenceWithStepLayerAndQuantity()
    {
        var (x, y) = Datasets.Regression1D(64, seed: 2);
        var model = Mlp.Create(1, Enumerable.Repeat(16, 10).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: 3);
        Scale(model, 3.0); // each layer's gain ≈ 3: activations and gradients grow ~3¹⁰ through the stack

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate: 0.1, TrainerOptions.Default with { Epochs = 50 });

        Assert.True(run.Diverged);
        var divergence = run.Divergence!;
        Assert.NotNull(divergence.Layer);
        Assert.InRange(divergence.Layer!.Value, 1, model.Depth);
        Assert.Contains(divergence.Quantity, LayerQuantities);
        Assert.False(double.IsFinite(divergence.Value));
        Assert.Equal(run.StepCount, divergence.Step); // the diverging step itself is not recorded
        Assert.Contains($"step {divergence.Step}", divergence.Message, StringComparison.Ordinal);
        foreach (var step in run.Steps)
        {
            Assert.True(AllFinite(step), $"step {step.Step} carries a non-finite value");
        }
    }

    [Fact]
    public void Train_LossOverflowWithFiniteActivations_ReportsLossWithoutLayer()
    {
        var x = Matrix.ColumnVector([1.0, 2.0]);
        var y = Matrix.ColumnVector([0.0, 0.0]);
        var model = new Mlp([new MlpBlock(1, new Dense(Matrix.Filled(1, 1, 1e200), new Matrix(1, 1)), null, null)]);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate: 0.1);

        Assert.Equal(new Divergence(0, null, "loss", double.PositiveInfinity), run.Divergence);
        Assert.Empty(run.Steps);
    }

    [Theory]
    [InlineData("softmax cross-entropy", 1.0)]
    [InlineData("binary cross-entropy with logits", 3.0)] // its bounded gradient needs a larger step to blow up
    [InlineData("mean squared error", 1.0)]
    public void Train_HeReluNetWithLargeLearningRate_ReturnsDivergenceInsteadOfThrowing(string lossName, double learningRate)
    {
        // The case: He-initialised ReLU net, 10 hidden layers × 64, a 4-class task (one-hot labels).
        var random = Seeds.Create(1);
        var x = Initializers.Normal(1.0).Sample(64, 10, random);
        var y = new Matrix(64, 4);
        for (var i = 0; i < 64; i++)
        {
            y[i, random.Next(4)] = 1;
        }

        var model = Mlp.Create(10, Enumerable.Repeat(64, 10).ToArray(), 4, Activations.ReLU, Initializers.HeNormal, seed: 0);

        var run = Trainer.Train(model, x, y, LossNamed(lossName), learningRate, TrainerOptions.Default with { Epochs = 10 });

        Assert.True(run.Diverged, $"{lossName}: no divergence in {run.StepCount} steps");
        Assert.Contains(run.Divergence!.Quantity, LayerQuantities);
        Assert.False(double.IsFinite(run.Divergence.Value));
        Assert.All(run.Steps, s => Assert.True(AllFinite(s), $"step {s.Step} carries a non-finite value"));
    }

    [Theory]
    [InlineData("softmax cross-entropy")]
    [InlineData("binary cross-entropy with logits")]
    [InlineData("mean squared error")]
    public void Train_NonFiniteLogits_ReportsPreActivationBeforeTheLossSeesThem(string lossName)
    {
        // A hidden Dense output of +∞ makes the logits NaN; softmax and BCE validate yHat and would throw if evaluated first.
        var x = Matrix.ColumnVector([1.0, 2.0]);
        var y = new Matrix(2, 2);
        y[0, 0] = 1;
        y[1, 1] = 1;
        var hidden = new MlpBlock(1, new Dense(Matrix.Filled(1, 1, double.PositiveInfinity), new Matrix(1, 1)), null, new ActivationLayer(Activations.ReLU));
        var output = new MlpBlock(2, new Dense(Matrix.FromRows([[1.0, -1.0]]), new Matrix(1, 2)), null, null);

        var run = Trainer.Train(new Mlp([hidden, output]), x, y, LossNamed(lossName), learningRate: 0.1);

        Assert.Equal(new Divergence(0, 1, "pre-activation", double.PositiveInfinity), run.Divergence);
        Assert.Contains("the pre-activation of layer 1 became +∞", run.Divergence!.Message, StringComparison.Ordinal);
        Assert.Empty(run.Steps);
    }

    private static Loss LossNamed(string name) => name switch
    {
        "softmax cross-entropy" => Losses.SoftmaxCrossEntropy,
        "binary cross-entropy with logits" => Losses.BinaryCrossEntropyWithLogits,
        _ => Losses.MeanSquaredError,
    };

    [Fact]
    public void Train_SameSeed_GivesBitIdenticalTelemetry()
    {
        var first = TrainSmall(seed: 5);
        var second = TrainSmall(seed: 5);

        Assert.Equal(first.StepCount, second.StepCount);
        for (var s = 0; s < first.StepCount; s++)
        {
            AssertBitIdentical(first.Steps[s], second.Steps[s]);
        }
    }

    [Fact]
    public void Train_DifferentShuffleSeed_GivesDifferentLosses()
    {
        var first = TrainSmall(seed: 5);
        var second = TrainSmall(seed: 6);

        Assert.NotEqual(first.Losses, second.Losses);
    }

    [Fact]
    public void Train_TelemetryOff_SameLossesAndNormsButNoLayers()
    {
        var on = TrainSmall(seed: 1);
        var off = TrainSmall(seed: 1, TrainerOptions.Default with { Epochs = 3, Seed = 1, RecordTelemetry = false });

        Assert.All(off.Steps, s => Assert.Empty(s.Layers));
        Assert.Equal(on.Losses, off.Losses);
        Assert.Equal(on.StepSeries(s => s.GradNormBeforeClip), off.StepSeries(s => s.GradNormBeforeClip));
        Assert.Equal(0, off.LayerCount);
    }

    [Fact]
    public void Train_ClipNorm_NormAfterClipNeverExceedsThreshold()
    {
        var (x, y) = Datasets.Regression1D(128, seed: 4);
        var model = Mlp.Create(1, [32, 32, 32], 1, Activations.ReLU, Initializers.HeNormal, seed: 4);
        Scale(model, 2.0);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate: 0.01, TrainerOptions.Default with { Epochs = 5, ClipNorm = 1.0 });

        Assert.False(run.Diverged);
        Assert.Contains(run.Steps, s => s.GradNormBeforeClip > 1.0); // clipping actually did something
        Assert.All(run.Steps, s => Assert.True(s.GradNormAfterClip <= 1.0 + 1e-12, $"step {s.Step}: {s.GradNormAfterClip}"));
        Assert.All(run.Steps, s => Assert.True(s.GradNormAfterClip <= s.GradNormBeforeClip + 1e-12));
    }

    [Fact]
    public void Train_ClipValue_NormAfterIsAtMostBefore()
    {
        var (x, y) = Datasets.Regression1D(64, seed: 4);
        var model = Mlp.Create(1, [8], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 4);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate: 0.05, TrainerOptions.Default with { Epochs = 2, ClipValue = 0.01 });

        Assert.All(run.Steps, s => Assert.True(s.GradNormAfterClip <= s.GradNormBeforeClip));
        Assert.Contains(run.Steps, s => s.GradNormAfterClip < s.GradNormBeforeClip);
    }

    [Fact]
    public void Train_OneStep_UpdateToDataRatioEqualsLearningRateTimesGradStdOverWeightStd()
    {
        var (x, y) = Datasets.Regression1D(16, seed: 8);
        var model = Mlp.Create(1, [8, 8], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 8);
        var reference = model.Clone();
        const double learningRate = 0.05;

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, learningRate, OneStep with { BatchSize = 16, Shuffle = false });

        // Independent recomputation: with plain SGD, ΔW = −lr·dW, so the ratio is std(lr·dW) / std(W) on the same full batch.
        var yHat = reference.Forward(x);
        reference.Backward(Losses.MeanSquaredError.Gradient(yHat, y));
        foreach (var (block, layer) in reference.Blocks.Zip(run.LayersAt(0)))
        {
            var expected = learningRate * block.Dense.Weights.Grad.StandardDeviation() / block.Dense.Weights.Value.StandardDeviation();
            Assert.Equal(expected, layer.UpdateToDataRatio, 1e-12);
            Assert.Equal(block.Dense.Weights.Grad.FrobeniusNorm(), layer.WeightGradNorm, 1e-12);
        }
    }

    [Theory]
    [InlineData("sigmoid", 7)]
    [InlineData("tanh", 13)]
    [InlineData("relu", 7)]
    [InlineData("relu", 16)]
    public void Train_OneStep_SaturatedAndDeadFractionsMatchACountOverTheLayer(string activation, int width)
    {
        // An independent recount from the layer's own tensors (the step's only forward pass), element by element:
        // saturated = share of f'(h) < threshold, dead = share of units with f'(h) = 0 for every example.
        var (x, y) = Datasets.Regression1D(50, seed: 4);
        var act = Activations.FromName(activation);
        var model = Mlp.Create(1, [width, width], 1, act, Initializers.HeNormal, seed: 4);
        model.Blocks[0].Dense.Weights.Value.Data.AsSpan().ForEach(w => w * 6); // push units into the tails
        model.Blocks[0].Dense.Bias.Value.Data[0] = -100; // and one unit far below zero

        var layers = Trainer.Train(model, x, y, Losses.MeanSquaredError, 1e-3, OneStep with { BatchSize = 50, Shuffle = false }).LayersAt(0);

        for (var b = 0; b < 2; b++)
        {
            // the factor backprop multiplies in: output form for sigmoid and tanh, f'(h) otherwise
            var h = model.Blocks[b].Activation!.Input!;
            var output = model.Blocks[b].Activation!.Output!.Data;
            var derivative = activation switch
            {
                "sigmoid" => output.Select(o => o * (1 - o)).ToArray(),
                "tanh" => output.Select(o => 1 - (o * o)).ToArray(),
                _ => h.Data.Select(act.Derivative).ToArray(),
            };
            var threshold = TrainerOptions.Default.SaturationThreshold;
            var saturated = act.Saturates ? (double)derivative.Count(d => d < threshold) / derivative.Length : 0;
            var dead = (double)Enumerable.Range(0, h.Cols).Count(c => Enumerable.Range(0, h.Rows).All(r => derivative[(r * h.Cols) + c] == 0)) / h.Cols;
            Assert.Equal(saturated, layers[b].SaturatedFraction, 1e-12);
            Assert.Equal(dead, layers[b].DeadFraction, 1e-12);
        }

        Assert.True(act.Saturates ? layers[0].SaturatedFraction > 0 : layers[0].DeadFraction > 0, "the test must see some saturated or dead units");
    }

    [Fact]
    public void Train_EveryStep_GradNormBeforeClipIsGlobalNormOfTheGradients()
    {
        var (x, y) = Datasets.Regression1D(32, seed: 6);
        var model = Mlp.Create(1, [9, 9], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 6, batchNorm: true);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, OneStep with { BatchSize = 32, Shuffle = false });

        // the gradients are still in place after the step (no clipping configured): the same sum, bit for bit
        Assert.Equal(GradientClipping.GlobalNorm(model.Parameters), run.Steps[0].GradNormBeforeClip);
        var byHand = Math.Sqrt(model.Parameters.Sum(p => p.Grad.Data.Sum(g => g * g)));
        Assert.Equal(byHand, run.Steps[0].GradNormBeforeClip, 1e-12);
    }

    [Fact]
    public void Train_ReluLayerWithHugeNegativeBias_ReportsAllUnitsDead()
    {
        var (x, y) = Datasets.TwoMoons(64, noise: 0.1, seed: 1);
        var model = Mlp.Create(2, [8, 8], 1, Activations.ReLU, Initializers.HeNormal, seed: 1);
        model.Blocks[0].Dense.Bias.Value.Fill(-1000);

        var layers = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, OneStep).LayersAt(0);

        Assert.Equal(1.0, layers[0].DeadFraction);
        Assert.Equal(0.0, layers[0].SaturatedFraction); // ReLU does not saturate; it dies
        Assert.Equal(0.0, layers[0].ActivationMean);
        Assert.Equal(0.0, layers[^1].DeadFraction); // no activation on the output block
    }

    [Fact]
    public void Train_SigmoidWithWeightsTimesFifty_MostUnitsSaturated()
    {
        var (x, y) = Datasets.Standardize(Datasets.TwoMoons(64, noise: 0.1, seed: 2));
        var model = Mlp.Create(2, [16], 1, Activations.Sigmoid, Initializers.GlorotNormal, seed: 2);
        model.Blocks[0].Dense.Weights.Value.Data.AsSpan().ForEach(w => w * 50);

        var layers = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, OneStep).LayersAt(0);

        Assert.True(layers[0].SaturatedFraction > 0.5, $"saturated fraction {layers[0].SaturatedFraction}");
        Assert.True(layers[0].ActivationStd > 0.4, "saturated sigmoid outputs pile up at 0 and 1");
    }

    [Fact]
    public void Train_SigmoidWithTinyWeights_NoUnitSaturated()
    {
        var (x, y) = Datasets.Standardize(Datasets.TwoMoons(64, noise: 0.1, seed: 2));
        var model = Mlp.Create(2, [16], 1, Activations.Sigmoid, Initializers.GlorotNormal, seed: 2);
        model.Blocks[0].Dense.Weights.Value.Data.AsSpan().ForEach(w => w * 1e-3);

        var layers = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, OneStep).LayersAt(0);

        Assert.Equal(0.0, layers[0].SaturatedFraction);
        Assert.Equal(0.5, layers[0].ActivationMean, 1e-2); // σ(0) = 1/2
    }

    [Fact]
    public void Train_ConstantInit_HiddenUnitsStayIdentical()
    {
        var (x, y) = Datasets.Regression1D(64, seed: 3);
        var model = Mlp.Create(1, [4, 4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 3);
        foreach (var block in model.Blocks)
        {
            block.Dense.Weights.Value.Fill(0.3);
        }

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.1, TrainerOptions.Default with { Epochs = 5 });

        Assert.False(run.Diverged);
        foreach (var block in model.Blocks.Take(2))
        {
            var w = block.Dense.Weights.Value;
            Assert.NotEqual(0.3, w[0, 0]); // the weights did learn…
            for (var unit = 1; unit < w.Cols; unit++)
            {
                Assert.Equal(w.Column(0), w.Column(unit)); // …but every hidden unit learned the same thing
            }
        }
    }

    [Fact]
    public void Train_RandomInit_HiddenUnitsDiffer()
    {
        var (x, y) = Datasets.Regression1D(64, seed: 3);
        var model = Mlp.Create(1, [4, 4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 3);

        Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.1, TrainerOptions.Default with { Epochs = 5 });

        var w = model.Blocks[1].Dense.Weights.Value;
        Assert.NotEqual(w.Column(0), w.Column(1));
    }

    [Fact]
    public void Train_DeepSigmoidAtInit_GradientNormsVanishTowardInput()
    {
        // Each sigmoid layer multiplies the backward signal by f' ≤ 0.25 (and Glorot keeps the weight gain near 1),
        // so ten layers shrink it by roughly 0.25¹⁰ ≈ 1e-6.
        var random = Seeds.Create(9);
        var x = new Matrix(64, 4);
        for (var i = 0; i < x.Length; i++)
        {
            x.Data[i] = random.NextGaussian();
        }

        var y = Matrix.ColumnVector(Enumerable.Range(0, 64).Select(i => (double)(i % 2)).ToArray());
        var model = Mlp.Create(4, Enumerable.Repeat(32, 10).ToArray(), 1, Activations.Sigmoid, Initializers.GlorotNormal, seed: 9);

        var layers = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.1, OneStep with { BatchSize = 64 }).LayersAt(0);

        Assert.True(layers[0].WeightGradNorm / layers[^1].WeightGradNorm < 1e-3, $"first/last = {layers[0].WeightGradNorm / layers[^1].WeightGradNorm}");
        Assert.True(layers[0].WeightGradNorm < layers[5].WeightGradNorm && layers[5].WeightGradNorm < layers[^2].WeightGradNorm);
    }

    [Fact]
    public void Train_EpochsAndBatches_NumbersStepsAcrossEpochs()
    {
        var (x, y) = Datasets.Regression1D(100, seed: 1);
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, TrainerOptions.Default with { Epochs = 3 });

        Assert.Equal(12, run.StepCount); // 4 batches (32, 32, 32, 4) per epoch
        Assert.Equal(Enumerable.Range(0, 12), run.Steps.Select(s => s.Step));
        Assert.Equal(ExpectedEpochs, run.Steps.Select(s => s.Epoch));
        Assert.Equal(2, run.LayerCount);
        Assert.Equal(ExpectedLayers, run.Steps[0].Layers.Select(l => l.Layer));
    }

    [Fact]
    public void Train_MaxSteps_StopsEarly()
    {
        var (x, y) = Datasets.Regression1D(100, seed: 1);
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, TrainerOptions.Default with { Epochs = 10, MaxSteps = 5 });

        Assert.Equal(5, run.StepCount);
        Assert.False(run.Diverged);
    }

    [Fact]
    public void Train_BatchNormWithSingleLeftoverExample_SkipsThatBatch()
    {
        var (x, y) = Datasets.Regression1D(33, seed: 1);
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1, batchNorm: true);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, TrainerOptions.Default with { Epochs = 2 });

        Assert.Equal(2, run.StepCount);
    }

    [Fact]
    public void Train_BatchNormWithBatchSizeOne_ThrowsNamingSizeAndFix()
    {
        var (x, y) = Datasets.Regression1D(33, seed: 1);
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1, batchNorm: true);

        var ex = Assert.Throws<ArgumentException>(() =>
            Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, TrainerOptions.Default with { BatchSize = 1 }));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("BatchSize is 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("batch norm", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2 examples", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Use BatchSize ≥ 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_BatchNormWithSingleExample_ThrowsNamingRows()
    {
        var (x, y) = Datasets.Regression1D(1, seed: 1);
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1, batchNorm: true);

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01));

        Assert.Equal("x", ex.ParamName);
        Assert.Contains("x has 1 row", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2 examples", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_BatchSizeOneWithoutBatchNorm_TakesOneStepPerExample()
    {
        var (x, y) = Datasets.Regression1D(5, seed: 1);
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.01, TrainerOptions.Default with { BatchSize = 1 });

        Assert.Equal(5, run.StepCount);
    }

    [Fact]
    public void Evaluate_MatchesLossOfEvalModeForward()
    {
        var (x, y) = Datasets.Regression1D(20, seed: 1);
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var expected = Losses.MeanSquaredError.Value(model.Clone().Forward(x, training: false), y);

        Assert.Equal(expected, Trainer.Evaluate(model, x, y, Losses.MeanSquaredError));
    }

    [Fact]
    public void TrainingRun_Helpers_ShapeTelemetryByLayerAndStep()
    {
        var run = TrainSmall(seed: 2) with { Label = "tanh" };

        var matrix = run.GradNormMatrix();
        var series = run.LayerSeries(l => l.WeightGradNorm);

        Assert.Equal("tanh", run.Label);
        Assert.Equal(run.LayerCount, matrix.GetLength(0));
        Assert.Equal(run.StepCount, matrix.GetLength(1));
        Assert.Equal(run.Steps[3].Layers[1].WeightGradNorm, matrix[1, 3]);
        Assert.Equal(run.Steps[3].Layers[1].WeightGradNorm, series[1][3]);
        Assert.Equal(run.Steps[^1].Loss, run.FinalLoss);
        Assert.Equal(run.StepCount, run.Losses.Length);
    }

    [Fact]
    public void Train_RowCountsDiffer_ThrowsNamingBoth()
    {
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, new Matrix(10, 1), new Matrix(9, 1), Losses.MeanSquaredError, 0.1));

        Assert.Contains("x has 10 rows but y has 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_InputColumnsDoNotFitModel_ThrowsWithExpectedShape()
    {
        var model = Mlp.Create(2, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, new Matrix(10, 3), new Matrix(10, 1), Losses.MeanSquaredError, 0.1));

        Assert.Equal("x", ex.ParamName);
        Assert.Contains("expects 2 input features", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_TargetColumnsDoNotFitModel_Throws()
    {
        var model = Mlp.Create(2, [4], 3, Activations.Tanh, Initializers.GlorotNormal, seed: 1);

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, new Matrix(10, 2), new Matrix(10, 1), Losses.MeanSquaredError, 0.1));

        Assert.Equal("y", ex.ParamName);
        Assert.Contains("3 outputs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_NaNInInput_ThrowsNamingTheRow()
    {
        var model = Mlp.Create(2, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);
        var x = new Matrix(10, 2);
        x[3, 1] = double.NaN;

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, x, new Matrix(10, 1), Losses.MeanSquaredError, 0.1));

        Assert.Contains("x row 3, column 1 is NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_InfinityInTargets_ThrowsNamingTheRow()
    {
        var model = Mlp.Create(2, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);
        var y = new Matrix(10, 1);
        y[7, 0] = double.PositiveInfinity;

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Evaluate(model, new Matrix(10, 2), y, Losses.MeanSquaredError));

        Assert.Contains("y row 7", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, null, null, "BatchSize is 0")]
    [InlineData(32, 0, null, null, "Epochs is 0")]
    [InlineData(32, 1, 1.0, 1.0, "choose one kind of clipping")]
    [InlineData(32, 1, -1.0, null, "ClipNorm is -1")]
    [InlineData(32, 1, null, 0.0, "ClipValue is 0")]
    public void Train_InvalidOptions_ThrowsWithFix(int batchSize, int epochs, double? clipNorm, double? clipValue, string expected)
    {
        var (x, y) = Datasets.Regression1D(8, seed: 1);
        var model = Mlp.Create(1, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);
        var options = new TrainerOptions { BatchSize = batchSize, Epochs = epochs, ClipNorm = clipNorm, ClipValue = clipValue };

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.1, options));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static TrainingRun TrainSmall(int seed, TrainerOptions? options = null)
    {
        var (x, y) = Datasets.Regression1D(100, seed: 11);
        var model = Mlp.Create(1, [8, 8], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 11);
        return Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.05, options ?? TrainerOptions.Default with { Epochs = 3, Seed = seed });
    }

    private static void Scale(Mlp model, double factor)
    {
        foreach (var block in model.Blocks)
        {
            block.Dense.Weights.Value.Data.AsSpan().ForEach(w => w * factor);
        }
    }

    private static bool AllFinite(StepTelemetry step) =>
        double.IsFinite(step.Loss) && double.IsFinite(step.GradNormBeforeClip) && double.IsFinite(step.GradNormAfterClip)
        && step.Layers.All(l => double.IsFinite(l.WeightGradNorm) && double.IsFinite(l.ActivationMean) && double.IsFinite(l.ActivationStd)
            && double.IsFinite(l.SaturatedFraction) && double.IsFinite(l.DeadFraction) && !double.IsNaN(l.UpdateToDataRatio));

    private static void AssertBitIdentical(StepTelemetry a, StepTelemetry b)
    {
        Assert.Equal(a.Step, b.Step);
        Assert.Equal(a.Epoch, b.Epoch);
        AssertSameBits(a.Loss, b.Loss);
        AssertSameBits(a.GradNormBeforeClip, b.GradNormBeforeClip);
        AssertSameBits(a.GradNormAfterClip, b.GradNormAfterClip);
        Assert.Equal(a.Layers.Count, b.Layers.Count);
        for (var l = 0; l < a.Layers.Count; l++)
        {
            var (p, q) = (a.Layers[l], b.Layers[l]);
            Assert.Equal(p.Layer, q.Layer);
            AssertSameBits(p.WeightGradNorm, q.WeightGradNorm);
            AssertSameBits(p.ActivationMean, q.ActivationMean);
            AssertSameBits(p.ActivationStd, q.ActivationStd);
            AssertSameBits(p.SaturatedFraction, q.SaturatedFraction);
            AssertSameBits(p.DeadFraction, q.DeadFraction);
            AssertSameBits(p.UpdateToDataRatio, q.UpdateToDataRatio);
        }
    }

    [Fact]
    public void Train_PReLUAndRReLUNetworks_LossFallsAndEveryBlockReports()
    {
        var (x, y) = Datasets.Regression1D(128, seed: 2);
        var prelu = Mlp.Create(1, [16, 16], 1, k => new PReLULayer(name: $"prelu{k}"), Initializers.HeNormal, seed: 3);
        var rrelu = Mlp.Create(1, [16, 16], 1, Activations.RReLU(), Initializers.HeNormal, seed: 3);

        foreach (var model in new[] { prelu, rrelu })
        {
            var alphaBefore = model.Parameters.Where(p => p.Name.EndsWith(".alpha", StringComparison.Ordinal)).Select(p => p.Value.Data[0]).ToList();
            var before = Trainer.Evaluate(model, x, y, Losses.MeanSquaredError);
            var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.05, TrainerOptions.Default with { Epochs = 30 });

            var after = Trainer.Evaluate(model, x, y, Losses.MeanSquaredError);
            Assert.False(run.Diverged, run.ToString());
            Assert.True(after < 0.5 * before, $"{model}: loss {before} → {after}");
            Assert.Equal(3, run.LayersAt(0).Count);
            Assert.All(alphaBefore.Zip(model.Parameters.Where(p => p.Name.EndsWith(".alpha", StringComparison.Ordinal))), pair => Assert.NotEqual(pair.First, pair.Second.Value.Data[0]));
        }
    }

    private static void AssertSameBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}

internal static class SpanTestExtensions
{
    /// <summary>Replaces every element by f(element), in place.</summary>
    public static void ForEach(this Span<double> values, Func<double, double> f)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = f(values[i]);
        }
    }
}
