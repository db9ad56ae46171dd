namespace GradientCourse;

/// <summary>Settings of a <see cref="TrainabilityMap"/> sweep; change one with <c>with</c>.</summary>
public sealed record TrainabilityMapOptions
{
    /// <summary>Numbers of hidden layers to try (default 2, 6, …, 30).</summary>
    public IReadOnlyList<int> Depths { get; init; } = [2, 6, 10, 14, 18, 22, 26, 30];

    /// <summary>Weight scales σ_w to try: weights ~ N(0, σ_w²/fanIn) (default 0.5 … 4).</summary>
    public IReadOnlyList<double> WeightScales { get; init; } = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0];

    /// <summary>Units per hidden layer (default 8).</summary>
    public int Width { get; init; } = 8;

    /// <summary>SGD steps per run (default 60).</summary>
    public int Steps { get; init; } = 60;

    /// <summary>SGD step size (default 0.05).</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Examples per minibatch (default 16).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Examples of <see cref="Datasets.Regression1D"/> to fit (default 64).</summary>
    public int Samples { get; init; } = 64;

    /// <summary>Hidden activation (default tanh, the case the mean-field theory below describes).</summary>
    public Activation Activation { get; init; } = Activations.Tanh;

    /// <summary>Seed of the data, the weights and the batch order (default 0).</summary>
    public int Seed { get; init; }
}

/// <summary>One run of the sweep.</summary>
/// <param name="Depth">Hidden layers.</param>
/// <param name="WeightScale">σ_w: weights ~ N(0, σ_w²/fanIn).</param>
/// <param name="BaselineLoss">Loss of the best constant prediction (the mean of y): what a net that learned nothing reaches.</param>
/// <param name="InitialLoss">Loss on the whole data set before training.</param>
/// <param name="FinalLoss">Loss on the whole data set after training (NaN when the run diverged).</param>
/// <param name="Divergence">Where the run blew up, or null.</param>
public sealed record TrainabilityCell(int Depth, double WeightScale, double BaselineLoss, double InitialLoss, double FinalLoss, Divergence? Divergence)
{
    /// <summary>
    /// FinalLoss / BaselineLoss, the fraction of the target's variance left unexplained: well below 1 = learned the curve,
    /// about 1 = learned nothing but the mean, +∞ = diverged. (Relative to the baseline rather than to the initial loss, so
    /// that merely shrinking a huge initial output does not count as learning.)
    /// </summary>
    public double LossRatio => Divergence is null ? FinalLoss / BaselineLoss : double.PositiveInfinity;
}

/// <summary>The sweep's result: one cell per (depth, weight scale).</summary>
public sealed record TrainabilityMapResult(TrainabilityMapOptions Options, IReadOnlyList<TrainabilityCell> Cells)
{
    /// <summary>The cell of one depth and weight scale (both must be in the options).</summary>
    public TrainabilityCell this[int depth, double weightScale] =>
        Cells.FirstOrDefault(c => c.Depth == depth && c.WeightScale == weightScale)
        ?? throw new ArgumentException($"no cell for depth {depth} and σ_w {weightScale}; use values from Options.Depths and Options.WeightScales.");

    /// <summary>LossRatio as [depth index][weight-scale index], in the order of the options.</summary>
    public double[][] RatioGrid() =>
        Options.Depths.Select(d => Options.WeightScales.Select(s => this[d, s].LossRatio).ToArray()).ToArray();
}

/// <summary>
/// Depth × weight-scale trainability map of a tanh MLP, and the mean-field theory that predicts it
/// (Poole et al. 2016; Schoenholz et al. 2017), for zero biases. Introduced in notebooks/05-initialization.ipynb.
/// </summary>
/// <remarks>
/// With weights N(0, σ_w²/fanIn) and wide layers, the pre-activation variance follows q_(l+1) = σ_w²·E[tanh(√q_l z)²],
/// z ~ N(0, 1). Backprop multiplies the mean squared gradient by χ₁ = σ_w²·E[tanh'(√q z)²] per layer. Without bias,
/// q* = 0 for σ_w ≤ 1 (so χ₁ = σ_w²) and q* &gt; 0 for σ_w &gt; 1 (χ₁ &gt; 1): the critical point χ₁ = 1 is σ_w = 1.
/// </remarks>
public static class TrainabilityMap
{
    private const int GridPoints = 801;
    private const double GridLimit = 8.0;

    /// <summary>Weights ~ N(0, σ_w²/fanIn): LeCun normal times σ_w (σ_w = 1 is LeCun normal).</summary>
    public static NormalInitializer ScaledNormal(double weightScale)
    {
        if (!double.IsFinite(weightScale) || weightScale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weightScale), weightScale, $"weightScale σ_w must be a positive finite number, e.g. 1.0, got {weightScale}.");
        }

        return new NormalInitializer($"normal(σw={weightScale.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)})", (fanIn, _) => weightScale * weightScale / fanIn);
    }

    /// <summary>Trains one MLP per (depth, σ_w), in parallel, on Regression1D and records the loss before and after, and the constant-prediction baseline.</summary>
    public static TrainabilityMapResult Compute(TrainabilityMapOptions? options = null)
    {
        options ??= new TrainabilityMapOptions();
        if (options.Depths.Count == 0 || options.WeightScales.Count == 0)
        {
            throw new ArgumentException("Depths and WeightScales must each hold at least one value.", nameof(options));
        }

        var data = Datasets.Regression1D(options.Samples, options.Seed);
        var trainer = new TrainerOptions
        {
            Epochs = int.MaxValue,
            MaxSteps = options.Steps,
            BatchSize = options.BatchSize,
            Seed = options.Seed,
            RecordTelemetry = false,
        };
        var mean = data.Y.Mean();
        var baseline = data.Y.Data.Average(v => (v - mean) * (v - mean));
        var depths = options.Depths;
        var scales = options.WeightScales;
        var cells = new TrainabilityCell[depths.Count * scales.Count];

        // Every cell is independent and seeded, so running them in parallel gives the same map as running them in order.
        Parallel.For(0, cells.Length, i =>
        {
            var (depth, scale) = (depths[i / scales.Count], scales[i % scales.Count]);
            var model = Mlp.Create(1, Enumerable.Repeat(options.Width, depth).ToArray(), 1, options.Activation, ScaledNormal(scale), options.Seed);
            var before = Trainer.Evaluate(model, data.X, data.Y, Losses.MeanSquaredError);
            var run = Trainer.Train(model, data.X, data.Y, Losses.MeanSquaredError, options.LearningRate, trainer);
            var after = run.Diverged ? double.NaN : Trainer.Evaluate(model, data.X, data.Y, Losses.MeanSquaredError);
            cells[i] = new TrainabilityCell(depth, scale, baseline, before, after, run.Divergence);
        });

        return new TrainabilityMapResult(options, cells);
    }

    /// <summary>E[f(√q·z)] for z ~ N(0, 1), by Simpson's rule on [−8, 8].</summary>
    public static double GaussianExpectation(Func<double, double> f, double q)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!double.IsFinite(q) || q < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, $"q is a variance and must be finite and ≥ 0, got {q}.");
        }

        var h = 2 * GridLimit / (GridPoints - 1);
        var sqrtQ = Math.Sqrt(q);
        var sum = 0.0;
        for (var i = 0; i < GridPoints; i++)
        {
            var z = -GridLimit + (i * h);
            var weight = i == 0 || i == GridPoints - 1 ? 1 : i % 2 == 1 ? 4 : 2;
            sum += weight * f(sqrtQ * z) * Math.Exp(-0.5 * z * z);
        }

        return sum * h / 3 / Math.Sqrt(2 * Math.PI);
    }

    /// <summary>E[tanh'(h)²] for h ~ N(0, q): 1 at q = 0, smaller as the units saturate.</summary>
    public static double MeanSquaredTanhDerivative(double q) =>
        GaussianExpectation(h => { var t = Math.Tanh(h); return (1 - (t * t)) * (1 - (t * t)); }, q);

    /// <summary>The next layer's pre-activation variance σ_w²·E[tanh(h)²], h ~ N(0, q) (zero bias).</summary>
    public static double NextVariance(double weightScale, double q) =>
        weightScale * weightScale * GaussianExpectation(h => Math.Tanh(h) * Math.Tanh(h), q);

    /// <summary>The fixed point q* of q ↦ σ_w²·E[tanh(√q z)²]: 0 for σ_w ≤ 1, positive above (found by bisection).</summary>
    public static double FixedPointVariance(double weightScale)
    {
        RequireScale(weightScale);
        if (weightScale <= 1)
        {
            return 0;
        }

        // NextVariance(q)/q falls from σ_w² (q → 0) below 1 (q = σ_w²): bisect on it.
        double low = 1e-12, high = weightScale * weightScale;
        for (var i = 0; i < 200 && high - low > 1e-10 * high; i++)
        {
            var mid = 0.5 * (low + high);
            if (NextVariance(weightScale, mid) > mid)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>χ₁ = σ_w²·E[tanh'(h)²] at h ~ N(0, q*): the factor by which the mean squared gradient changes per layer.</summary>
    public static double GradientGain(double weightScale) =>
        weightScale * weightScale * MeanSquaredTanhDerivative(FixedPointVariance(weightScale));

    /// <summary>
    /// χ_c, the slope of the correlation map at its stable fixed point: σ_w² for σ_w ≤ 1 (c* = 1, where χ_c = χ₁) and
    /// σ_w²·E[tanh'(h)]² for σ_w &gt; 1 (c* = 0 without bias). Below 1 except at σ_w = 1.
    /// </summary>
    public static double CorrelationGain(double weightScale)
    {
        RequireScale(weightScale);
        if (weightScale <= 1)
        {
            return weightScale * weightScale;
        }

        var meanDerivative = GaussianExpectation(h => { var t = Math.Tanh(h); return 1 - (t * t); }, FixedPointVariance(weightScale));
        return weightScale * weightScale * meanDerivative * meanDerivative;
    }

    /// <summary>
    /// ξ_c = −1/ln χ_c: the number of layers over which the correlation between two inputs relaxes by e
    /// (Schoenholz et al. 2017 found nets train when depth ≲ 6 ξ_c). +∞ at σ_w = 1. For σ_w &lt; 1 it equals the
    /// gradient depth scale −1/ln χ₁.
    /// </summary>
    public static double DepthScale(double weightScale)
    {
        var chi = CorrelationGain(weightScale);
        return chi >= 1 ? double.PositiveInfinity : -1 / Math.Log(chi);
    }

    private static void RequireScale(double weightScale)
    {
        if (!double.IsFinite(weightScale) || weightScale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weightScale), weightScale, $"weightScale σ_w must be a positive finite number, got {weightScale}.");
        }
    }
}
