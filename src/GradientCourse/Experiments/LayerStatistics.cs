namespace GradientCourse;

/// <summary>
/// Statistics of one block after a forward and a backward pass at initialization.
/// </summary>
/// <param name="Layer">Block index, 1 = first hidden layer (input side).</param>
/// <param name="PreActivationStd">Std of h = a·W + b, the Dense output.</param>
/// <param name="ActivationMean">Mean of the block's output a = f(h) (h itself for a block without activation).</param>
/// <param name="ActivationStd">Std of the block's output.</param>
/// <param name="GradientStd">Std of dL/dh, the gradient backprop hands to this block's weights (dW = aᵀ·dL/dh).</param>
/// <param name="WeightGradientStd">Std of the entries of dW.</param>
public sealed record LayerStatistic(
    int Layer,
    double PreActivationStd,
    double ActivationMean,
    double ActivationStd,
    double GradientStd,
    double WeightGradientStd);

/// <summary>Per-layer statistics of one model on one batch, with a legend label.</summary>
/// <param name="Label">A legend label, e.g. "tanh + glorot_normal".</param>
/// <param name="Layers">One entry per block, input side first.</param>
public sealed record LayerStatisticsReport(string Label, IReadOnlyList<LayerStatistic> Layers)
{
    /// <summary>A per-layer quantity as an array, input side first, e.g. <c>report.Series(l =&gt; l.ActivationStd)</c>.</summary>
    public double[] Series(Func<LayerStatistic, double> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Layers.Select(selector).ToArray();
    }
}

/// <summary>
/// The Glorot &amp; Bengio (2010) / He et al. (2015) measurement: push a batch forward through a freshly initialized
/// model, push a random output gradient back, and record per layer the std of activations and of back-propagated
/// gradients. Introduced in notebooks/05-initialization.ipynb.
/// </summary>
public static class LayerStatistics
{
    /// <summary>
    /// Forward <paramref name="x"/> (eval mode), then backward dL/dyHat with i.i.d. N(0, 1) entries drawn from
    /// <paramref name="seed"/> (a stand-in for a loss gradient that does not depend on any target), and measure every block.
    /// Parameter gradients of the model are overwritten; the weights are not changed.
    /// </summary>
    /// <exception cref="ArgumentException">x does not fit the model or contains NaN/∞.</exception>
    public static LayerStatisticsReport Measure(Mlp model, Matrix x, int seed = 0, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != model.InputSize)
        {
            throw new ArgumentException($"x has {x.Cols} columns but the model expects {model.InputSize}; pass a batch of shape n × {model.InputSize}.", nameof(x));
        }

        if (!x.IsFinite())
        {
            throw new ArgumentException("x contains NaN or ±∞; pass finite inputs.", nameof(x));
        }

        var forward = new (double PreStd, double Mean, double Std)[model.Depth];
        var h = x;
        for (var b = 0; b < model.Depth; b++)
        {
            var block = model.Blocks[b];
            var pre = 0.0;
            foreach (var layer in block.Layers())
            {
                h = layer.Forward(h, training: false);
                if (ReferenceEquals(layer, block.Dense))
                {
                    pre = SpanStatistics.MeanAndStd(h.Data).Std;
                }
            }

            var (mean, std) = SpanStatistics.MeanAndStd(h.Data);
            forward[b] = (pre, mean, std);
        }

        var random = Seeds.Create(seed);
        var g = new Matrix(h.Rows, h.Cols);
        for (var i = 0; i < g.Length; i++)
        {
            g.Data[i] = random.NextGaussian();
        }

        var result = new LayerStatistic[model.Depth];
        for (var b = model.Depth - 1; b >= 0; b--)
        {
            var block = model.Blocks[b];
            var gradientStd = 0.0;
            foreach (var layer in block.Layers().Reverse())
            {
                if (ReferenceEquals(layer, block.Dense))
                {
                    gradientStd = SpanStatistics.MeanAndStd(g.Data).Std; // dL/dh arrives at the Dense layer
                }

                g = layer.Backward(g);
            }

            var weightGradientStd = SpanStatistics.MeanAndStd(block.Dense.Weights.Grad.Data).Std;
            result[b] = new LayerStatistic(block.Index, forward[b].PreStd, forward[b].Mean, forward[b].Std, gradientStd, weightGradientStd);
        }

        return new LayerStatisticsReport(label ?? "model", result);
    }

    /// <summary>
    /// Builds a square net inputSize = width → depth − 1 hidden layers of <paramref name="width"/> → width outputs with
    /// <paramref name="activation"/> after every layer (the output one too, so all blocks are alike) and <paramref name="initializer"/>, feeds it <paramref name="batchSize"/> N(0, 1)
    /// inputs and measures it (all from <paramref name="seed"/>). The label defaults to "activation + initializer".
    /// </summary>
    public static LayerStatisticsReport ForDeepNet(Activation activation, Initializer initializer, int depth, int width = 64, int batchSize = 128, int seed = 0, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(initializer);
        if (depth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be at least 1 (the number of Dense layers).");
        }

        if (batchSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 2 to measure a spread.");
        }

        var model = Mlp.Create(width, Enumerable.Repeat(width, depth - 1).ToArray(), width, activation, initializer, seed, outputActivation: activation);
        var random = Seeds.Create(seed + 1);
        var x = new Matrix(batchSize, width);
        for (var i = 0; i < x.Length; i++)
        {
            x.Data[i] = random.NextGaussian();
        }

        return Measure(model, x, seed + 2, label ?? $"{activation.Name} + {initializer}");
    }
}
