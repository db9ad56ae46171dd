namespace GradientCourse;

/// <summary>
/// Small measurements several notebooks share, collected here (d2l-style) so that every notebook and test computes
/// them the same way. Each names the notebook that introduces it.
/// </summary>
public static class CourseRecipes
{
    /// <summary>
    /// ‖dW₁‖ / ‖dW_L‖: layer 1's weight-gradient norm over the output layer's, for one step's telemetry (≪ 1 = the
    /// gradient vanishes towards the input). Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two layers.</exception>
    public static double FirstToLastRatio(IReadOnlyList<LayerTelemetry> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count < 2)
        {
            throw new ArgumentException($"layers has {layers.Count} entries; a first-to-last ratio needs at least two layers (train with RecordTelemetry = true).", nameof(layers));
        }

        return layers[0].WeightGradNorm / layers[^1].WeightGradNorm;
    }

    /// <summary>
    /// ‖dW₁‖ / ‖dW_L‖ from per-layer weight-gradient norms measured elsewhere (e.g. TorchSharp's autograd in
    /// notebooks/08-torchsharp.ipynb), input side first. Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two norms.</exception>
    public static double FirstToLastRatio(IReadOnlyList<double> weightGradNorms)
    {
        ArgumentNullException.ThrowIfNull(weightGradNorms);
        if (weightGradNorms.Count < 2)
        {
            throw new ArgumentException($"weightGradNorms has {weightGradNorms.Count} entries; a first-to-last ratio needs at least two layers.", nameof(weightGradNorms));
        }

        return weightGradNorms[0] / weightGradNorms[^1];
    }

    /// <summary>
    /// ‖dW₁‖ / ‖dW_L‖ at recorded step <paramref name="step"/> of <paramref name="run"/> (default 0: the network at
    /// initialization). Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static double FirstToLastRatio(TrainingRun run, int step = 0)
    {
        ArgumentNullException.ThrowIfNull(run);
        return FirstToLastRatio(run.LayersAt(step));
    }

    /// <summary>
    /// Each layer's ‖dW‖ averaged over the last <paramref name="count"/> recorded steps, input side first.
    /// Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static double[] MeanGradNormOfLastSteps(TrainingRun run, int count)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (count < 1 || count > run.StepCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be in [1, {run.StepCount}], the number of recorded steps.");
        }

        return run.LayerSeries(l => l.WeightGradNorm).Select(steps => steps[^count..].Average()).ToArray();
    }

    /// <summary>
    /// ‖W_after − W_before‖ / ‖W_before‖ of layer <paramref name="layer"/> (1 = input side): how far training moved it,
    /// relative to its size. Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static double RelativeChange(Mlp before, Mlp after, int layer)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (layer < 1 || layer > before.Depth || before.Depth != after.Depth)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [1, {before.Depth}] and both models must have the same depth.");
        }

        var w0 = before.Blocks[layer - 1].Dense.Weights.Value;
        var w1 = after.Blocks[layer - 1].Dense.Weights.Value;
        var delta = new Matrix(w0.Rows, w0.Cols, w1.Data.Zip(w0.Data, (a, b) => a - b).ToArray());
        return delta.FrobeniusNorm() / w0.FrobeniusNorm();
    }

    /// <summary>
    /// Mean and sample standard deviation of <paramref name="values"/> (e.g. one result per seed), for "mean ± spread".
    /// Introduced in notebooks/09-case-study-electricity.ipynb.
    /// </summary>
    public static (double Mean, double Std) MeanAndSpread(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            throw new ArgumentException($"values has {values.Count} entries; pass at least two (one per seed) to measure a spread.", nameof(values));
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance));
    }
}
