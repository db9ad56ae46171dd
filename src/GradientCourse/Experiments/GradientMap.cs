namespace GradientCourse;

/// <summary>
/// The "gradient map": how much smaller (or larger) the first layer's weight gradient is than the last layer's, over
/// depth × activation × initializer, at initialization. Introduced in notebooks/03-vanishing-gradients.ipynb.
/// </summary>
public static class GradientMap
{
    /// <summary>
    /// For every (activation, initializer, depth): a fresh MLP of <c>depth</c> Dense layers (width → width … → 1) on a
    /// batch of standard-normal inputs with standard-normal targets, one forward and backward pass of the mean squared
    /// error, and log10(‖dW₁‖ / ‖dW_L‖); averaged over <paramref name="seedCount"/> seeds (seed, seed + 1, …), i.e. the
    /// geometric mean of the ratios. A seed whose ratio is 0 or not finite is left out; a cell with none left is NaN.
    /// </summary>
    /// <param name="depths">Numbers of Dense layers L (hidden layers + output), each at least 2.</param>
    /// <param name="activations">Hidden-layer activations (rows are grouped by activation).</param>
    /// <param name="initializers">Weight initializers (one row per activation × initializer).</param>
    /// <param name="width">Input features and units per hidden layer.</param>
    /// <param name="seed">First seed of the weights and data.</param>
    /// <param name="seedCount">How many seeds to average (default 3).</param>
    /// <param name="batchSize">Examples in the batch (default 64).</param>
    /// <exception cref="ArgumentException">An empty list, a depth below 2, or a non-positive width, seed count or batch size.</exception>
    public static GradientMapResult Compute(
        IReadOnlyList<int> depths,
        IReadOnlyList<Activation> activations,
        IReadOnlyList<Initializer> initializers,
        int width,
        int seed,
        int seedCount = 3,
        int batchSize = 64)
    {
        Validate(depths, activations, initializers, width, seedCount, batchSize);
        var data = new (Matrix X, Matrix Y)[seedCount];
        for (var s = 0; s < seedCount; s++)
        {
            var random = Seeds.Create(seed + s);
            data[s] = (Initializers.Normal(1.0).Sample(batchSize, width, random), Initializers.Normal(1.0).Sample(batchSize, 1, random));
        }

        var rows = new List<GradientMapRow>();
        foreach (var activation in activations)
        {
            foreach (var initializer in initializers)
            {
                var log10Ratio = new double[depths.Count];
                for (var d = 0; d < depths.Count; d++)
                {
                    var (sum, count) = (0.0, 0);
                    for (var s = 0; s < seedCount; s++)
                    {
                        var model = Mlp.Create(width, Enumerable.Repeat(width, depths[d] - 1).ToArray(), 1, activation, initializer, seed + s);
                        var ratio = FirstToLastRatio(model, data[s].X, data[s].Y);
                        if (ratio > 0 && double.IsFinite(ratio))
                        {
                            sum += Math.Log10(ratio);
                            count++;
                        }
                    }

                    log10Ratio[d] = count > 0 ? sum / count : double.NaN;
                }

                rows.Add(new GradientMapRow(activation.Name, initializer.Name, log10Ratio));
            }
        }

        return new GradientMapResult([.. depths], rows, width, seedCount);
    }

    /// <summary>
    /// ‖dW₁‖ / ‖dW_L‖ (Frobenius norms) after one forward and backward pass of the mean squared error on (x, y):
    /// the first layer's weight-gradient norm relative to the output layer's. Overwrites the model's gradients.
    /// </summary>
    public static double FirstToLastRatio(Mlp model, Matrix x, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (model.Depth < 2)
        {
            throw new ArgumentException("The model has a single layer; the first-to-last ratio needs at least two (Mlp.Create with one hidden size or more).", nameof(model));
        }

        var loss = Losses.MeanSquaredError;
        var yHat = model.Forward(x);
        model.Backward(loss.Gradient(yHat, y));
        return model.Blocks[0].Dense.Weights.Grad.FrobeniusNorm() / model.Blocks[^1].Dense.Weights.Grad.FrobeniusNorm();
    }

    /// <summary>
    /// The chain rule's bound on the activation factors between layer 1 and layer L: (max f')^(L − 1), e.g. 0.25^(L − 1)
    /// for the sigmoid. It bounds the product of derivatives only; the measured ratio also carries weight and input factors.
    /// </summary>
    /// <exception cref="ArgumentException">The activation's derivative has no known finite maximum, or depth is below 1.</exception>
    public static double DerivativeBound(Activation activation, int depth)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var max = activation.MaxDerivative
            ?? throw new ArgumentException($"{activation.Name} has no known maximum derivative; use sigmoid (0.25) or tanh (1).", nameof(activation));
        return Math.Pow(max, depth - 1);
    }

    private static void Validate(
        IReadOnlyList<int> depths, IReadOnlyList<Activation> activations, IReadOnlyList<Initializer> initializers, int width, int seedCount, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(depths);
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(initializers);
        if (depths.Count == 0 || depths.Any(d => d < 2))
        {
            throw new ArgumentException("depths must be non-empty and each at least 2 (a first and a last layer), e.g. [2, 5, 10, 20].", nameof(depths));
        }

        if (activations.Count == 0 || activations.Any(a => a is null))
        {
            throw new ArgumentException("Pass at least one activation, e.g. [Activations.Sigmoid, Activations.Tanh].", nameof(activations));
        }

        if (initializers.Count == 0 || initializers.Any(i => i is null))
        {
            throw new ArgumentException("Pass at least one initializer, e.g. [Initializers.GlorotUniform].", nameof(initializers));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seedCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
    }
}
