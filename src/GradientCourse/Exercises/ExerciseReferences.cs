namespace GradientCourse;

/// <summary>
/// The library's own measurements behind the exercise checks (the instructor's reference, computed fresh on the
/// check's inputs). Internal: a check reports what is wrong, never these values or how they are computed.
/// </summary>
internal static class ExerciseReferences
{
    /// <summary>The regression task of notebooks 03–07: 256 points of sin(3x) + noise.</summary>
    internal static Dataset Regression { get; } = Datasets.Regression1D(n: 256, seed: 0);

    internal static double VarianceOfY { get; } = Variance(Regression.Y.Data);

    internal static double Variance(IReadOnlyList<double> v)
    {
        var m = v.Average();
        return v.Average(u => (u - m) * (u - m));
    }

    /// <summary>GradientCheck on a 3 → 5 → 5 → 1 net whose activation uses <paramref name="backward"/>.</summary>
    internal static GradientCheckReport GradientCheckWith(Func<double[], double[], double[]> backward, Activation activation, int seed)
    {
        var learner = new LearnerActivation(activation, backward);
        var model = Mlp.Create(3, [5, 5], 1, learner, Initializers.GlorotNormal, seed: seed);
        var random = Seeds.Create(seed);
        var x = Initializers.Normal(1.5).Sample(6, 3, random);
        var y = Initializers.Normal(1.0).Sample(6, 1, random);
        return GradientCheck.Run(model, Losses.MeanSquaredError, x, y);
    }

    // 03.2: log10(‖dW₁‖ / ‖dW_L‖) of a sigmoid + glorot_uniform net, width 16, seed 0, MSE, one backward pass.
    internal static double Log10FirstToLast(int depth, Matrix x, Matrix y)
    {
        var model = Mlp.Create(x.Cols, Enumerable.Repeat(16, depth - 1).ToArray(), y.Cols, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0);
        model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(x), y));
        return Math.Log10(model.Blocks[0].Dense.Weights.Grad.FrobeniusNorm() / model.Blocks[^1].Dense.Weights.Grad.FrobeniusNorm());
    }

    // 03.3: full-data loss / var(y) after 100 SGD steps of a sigmoid + glorot_uniform net of the given depth.
    internal static double SigmoidLossRatio(int depth, double learningRate)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(16, depth - 1).ToArray(), 1, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0);
        var options = new TrainerOptions { Epochs = 13, BatchSize = 32, MaxSteps = 100, RecordTelemetry = false };
        var run = Trainer.Train(model, Regression.X, Regression.Y, Losses.MeanSquaredError, learningRate, options);
        return run.Diverged ? double.PositiveInfinity : Trainer.Evaluate(model, Regression.X, Regression.Y, Losses.MeanSquaredError) / VarianceOfY;
    }

    private static readonly Dictionary<double, int> TrainableDepthCache = [];

    private static readonly Dictionary<double, (bool, double)> ClippedRunCache = [];

    internal static int LargestTrainableDepth(double learningRate)
    {
        lock (TrainableDepthCache)
        {
            if (TrainableDepthCache.TryGetValue(learningRate, out var cached))
            {
                return cached;
            }
        }

        var best = 0;
        for (var depth = 2; depth <= 10; depth++)
        {
            if (SigmoidLossRatio(depth, learningRate) < 0.5)
            {
                best = depth;
            }
        }

        lock (TrainableDepthCache)
        {
            TrainableDepthCache[learningRate] = best;
        }

        return best;
    }

    // 04.1
    internal static double[] ClipByGlobalNorm(double[] g, double maxNorm)
    {
        var p = new Parameter("g", new Matrix(1, g.Length));
        g.CopyTo(p.Grad.Data, 0);
        GradientClipping.ClipByGlobalNorm([p], maxNorm);
        return p.Grad.Data;
    }

    // 04.2: notebook 04's exploding net (ReLU, 9 × 32, normal(0.4)), SGD 0.05, 3 epochs (24 steps), with ClipNorm = c.
    internal static (bool Diverged, double Loss) ClippedRun(double clipNorm)
    {
        lock (ClippedRunCache)
        {
            if (ClippedRunCache.TryGetValue(clipNorm, out var cached))
            {
                return cached;
            }
        }

        var model = Mlp.Create(1, Enumerable.Repeat(32, 9).ToArray(), 1, Activations.ReLU, Initializers.Normal(0.4), seed: 0);
        var options = new TrainerOptions { Epochs = 3, BatchSize = 32, RecordTelemetry = false, ClipNorm = clipNorm };
        var run = Trainer.Train(model, Regression.X, Regression.Y, Losses.MeanSquaredError, 0.05, options);
        var result = run.Diverged ? (true, double.NaN) : (false, Trainer.Evaluate(model, Regression.X, Regression.Y, Losses.MeanSquaredError));
        lock (ClippedRunCache)
        {
            ClippedRunCache[clipNorm] = result;
        }

        return result;
    }

    internal static double BestClipNorm(double[] candidates)
    {
        var best = double.NaN;
        var bestLoss = double.PositiveInfinity;
        foreach (var c in candidates)
        {
            var (diverged, loss) = ClippedRun(c);
            if (!diverged && loss < bestLoss)
            {
                (best, bestLoss) = (c, loss);
            }
        }

        return best;
    }

    // 04.3: per-layer growth of ‖dW‖ between hidden layers 2 and 9 of a ReLU net with normal(std) weights.
    internal static double GainPerLayer(double std, int width)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(width, 9).ToArray(), 1, Activations.ReLU, Initializers.Normal(std), seed: 0);
        model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(Regression.X), Regression.Y));
        var second = model.Blocks[1].Dense.Weights.Grad.FrobeniusNorm();
        var ninth = model.Blocks[8].Dense.Weights.Grad.FrobeniusNorm();
        return Math.Pow(second / ninth, 1.0 / 7);
    }

    // 05.2: per-layer activation std at step 0 of a tanh net (width 32) with the named initializer.
    internal static double[] ActivationStdByLayer(string kerasName, int depth)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(32, depth - 1).ToArray(), 1, Activations.Tanh, Initializers.FromKerasName(kerasName), seed: 0);
        var run = Trainer.Train(model, Regression.X, Regression.Y, Losses.MeanSquaredError, 0.1, new TrainerOptions { BatchSize = 256, MaxSteps = 1 });
        return run.LayersAt(0).Select(l => l.ActivationStd).ToArray();
    }

    // 05.3: distinct hidden units of a 1 → 8 → 1 tanh net after training from constant weights (+ noise on layer 1).
    internal static int DistinctHiddenUnits(double constant, double noiseStd, int steps)
    {
        var model = Mlp.Create(1, [8], 1, Activations.Tanh, Initializers.Constant(constant), seed: 0);
        var w = model.Blocks[0].Dense.Weights.Value;
        var random = Seeds.Create(1);
        for (var i = 0; i < w.Length; i++)
        {
            w.Data[i] += noiseStd * random.NextGaussian();
        }

        Trainer.Train(model, Regression.X, Regression.Y, Losses.MeanSquaredError, 0.1,
            new TrainerOptions { Epochs = 1000, BatchSize = 32, MaxSteps = steps, RecordTelemetry = false });
        var weights = model.Blocks[0].Dense.Weights.Value;
        var columns = Enumerable.Range(0, weights.Cols).Select(weights.Column).ToList();
        var distinct = new List<double[]>();
        foreach (var column in columns)
        {
            if (!distinct.Any(d => d.Zip(column, (a, b) => Math.Abs(a - b)).Max() < 1e-12))
            {
                distinct.Add(column);
            }
        }

        return distinct.Count;
    }

    // 06.1
    internal static double DeadFraction(Matrix h) =>
        Enumerable.Range(0, h.Cols).Count(c => Enumerable.Range(0, h.Rows).All(r => h[r, c] <= 0)) / (double)h.Cols;

    // 06.3: share of dead hidden units (all 8 layers, full data, eval mode) after training a ReLU + He net.
    internal static double DeadFractionAfterTraining(double learningRate)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(16, 8).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: 0);
        Trainer.Train(model, Regression.X, Regression.Y, Losses.MeanSquaredError, learningRate,
            new TrainerOptions { Epochs = 4, BatchSize = 32, RecordTelemetry = false });
        model.Forward(Regression.X, training: false);
        var hidden = model.Blocks.SkipLast(1).Select(b => b.Activation!.Input!).ToList();
        return hidden.Sum(h => DeadFraction(h) * h.Cols) / hidden.Sum(h => h.Cols);
    }

    // 07.1
    internal static Matrix Normalize(Matrix batch, double epsilon) =>
        new BatchNorm1d(batch.Cols, epsilon: epsilon).Forward(batch, training: true).Clone();

    // 07.2: PyTorch's convention, as BatchNorm1d implements it.
    internal static double[] RunningStatsUpdate(double[] batch, double runningMean, double runningVariance, double momentum)
    {
        var bn = new BatchNorm1d(1, momentum: momentum);
        bn.RunningMean[0] = runningMean;
        bn.RunningVariance[0] = runningVariance;
        bn.Forward(Matrix.ColumnVector(batch), training: true);
        return [bn.RunningMean[0], bn.RunningVariance[0]];
    }

    // 07.3: full-data loss / var(y) after 100 steps of a sigmoid + glorot_uniform net, with or without batch norm.
    internal static double LossRatio(int depth, double learningRate, bool batchNorm)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(16, depth - 1).ToArray(), 1, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0, batchNorm: batchNorm);
        var options = new TrainerOptions { Epochs = 13, BatchSize = 32, MaxSteps = 100, RecordTelemetry = false };
        var run = Trainer.Train(model, Regression.X, Regression.Y, Losses.MeanSquaredError, learningRate, options);
        return run.Diverged ? double.PositiveInfinity : Trainer.Evaluate(model, Regression.X, Regression.Y, Losses.MeanSquaredError) / VarianceOfY;
    }

    // 01.1/01.2: the 3-layer sigmoid chain a_k = σ(w_k a_(k−1)), a_0 = x, L = (a_3 − y)².
    internal static double ChainLoss(double x, double y, double w1, double w2, double w3)
    {
        var s = Activations.Sigmoid;
        var a3 = s.Value(w3 * s.Value(w2 * s.Value(w1 * x)));
        return (a3 - y) * (a3 - y);
    }

    internal static double[] ChainNumerical(double x, double y, double w1, double w2, double w3, double eps) =>
    [
        (ChainLoss(x, y, w1 + eps, w2, w3) - ChainLoss(x, y, w1 - eps, w2, w3)) / (2 * eps),
        (ChainLoss(x, y, w1, w2 + eps, w3) - ChainLoss(x, y, w1, w2 - eps, w3)) / (2 * eps),
        (ChainLoss(x, y, w1, w2, w3 + eps) - ChainLoss(x, y, w1, w2, w3 - eps)) / (2 * eps),
    ];

    internal static double[] ChainExact(double x, double y, double w1, double w2, double w3)
    {
        var model = new Mlp([
            new MlpBlock(1, new Dense(Matrix.Filled(1, 1, w1), new Matrix(1, 1)), null, new ActivationLayer(Activations.Sigmoid)),
            new MlpBlock(2, new Dense(Matrix.Filled(1, 1, w2), new Matrix(1, 1)), null, new ActivationLayer(Activations.Sigmoid)),
            new MlpBlock(3, new Dense(Matrix.Filled(1, 1, w3), new Matrix(1, 1)), null, new ActivationLayer(Activations.Sigmoid))]);
        model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(Matrix.Filled(1, 1, x)), Matrix.Filled(1, 1, y)));
        return [.. model.Blocks.Select(b => b.Dense.Weights.Grad[0, 0])];
    }

    // 02.2
    internal static double SaturatedShare(Matrix h, double threshold) =>
        h.Data.Count(v => Activations.Sigmoid.Derivative(v) < threshold) / (double)h.Length;

    // 02.3: notebook 02's layer (64 × 256 standard normal inputs from seed 0, weights N(0, s²) from seed 1), threshold 0.01.
    private static readonly Matrix SaturationInputs = Initializers.Normal(1.0).Sample(64, 256, Seeds.Create(0));

    private static readonly Matrix SaturationWeights = Initializers.Normal(1.0).Sample(256, 256, Seeds.Create(1));

    internal static double SaturatedShareAtScale(double scale)
    {
        // N(0, s²) from seed 1 is s times N(0, 1) from seed 1: scale the unit-variance sample.
        var h = Matrix.Multiply(SaturationInputs, SaturationWeights);
        return h.Data.Count(v => Activations.Sigmoid.Derivative(scale * v) < 0.01) / (double)h.Length;
    }

    internal static double ScaleForSaturatedShare(double target)
    {
        double lo = 1e-3, hi = 10;
        while (hi - lo > 1e-6)
        {
            var mid = (lo + hi) / 2;
            if (SaturatedShareAtScale(mid) >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    // 08.2: torch.nn.utils.clip_grad_norm_: factor maxNorm / (norm + 1e-6), capped at 1.
    internal static double[] TorchClip(double[] g, double maxNorm)
    {
        var norm = Math.Sqrt(g.Sum(v => v * v));
        var factor = Math.Min(1.0, maxNorm / (norm + 1e-6));
        return [.. g.Select(v => v * factor)];
    }
}

/// <summary>An activation whose backward pass is the learner's function (forward pass: the reference's).</summary>
internal sealed class LearnerActivation(Activation reference, Func<double[], double[], double[]> backward) : Activation
{
    public override string Name => reference.Name;

    public override double Value(double x) => reference.Value(x);

    public override double Derivative(double x) => backward([x], [1.0])[0];

    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        var result = backward(x.ToArray(), dY.ToArray());
        if (result is null || result.Length != dX.Length)
        {
            throw new InvalidOperationException($"the backward function returned {result?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} values for {dX.Length} inputs.");
        }

        result.CopyTo(dX);
    }
}
