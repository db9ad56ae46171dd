namespace GradientCourse;

/// <summary>
/// Minibatch training with the course's "gradient X-ray": every step records loss, gradient norms and per-layer
/// statistics, and a NaN/±∞ stops training with a report of where it appeared. Introduced in notebooks/03-vanishing-gradients.ipynb.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place on (x, y): per step forward (training mode), loss, backward, telemetry,
    /// clipping, optimizer update. Numeric blow-ups never throw: the run stops at the first non-finite value and returns
    /// with <see cref="TrainingRun.Divergence"/> set; that step is not recorded, so no NaN reaches the recorded curves.
    /// </summary>
    /// <remarks>
    /// Divergence is looked for in the order the data flows: block outputs from the input side ("pre-activation" for a
    /// Dense output, "output" for the last block's, "batch-norm output", "activation"), before the loss is evaluated; then the
    /// loss (Layer null), then each block's gradients ("weight gradient", or "weight gradient norm" when the elements are
    /// finite but their squares overflow), then the global norm ("gradient norm", Layer null), then the updated weights ("weights").
    /// With batch norm in the model, a batch size of 1 (or a data set of one row) is refused up front: batch norm needs
    /// at least two examples per minibatch, and such a run would take no step at all. A single leftover example at the
    /// end of an epoch (e.g. 33 rows with batch size 32) is skipped for that epoch; with shuffling it is a different
    /// example each epoch, so none is lost for good.
    /// </remarks>
    /// <exception cref="ArgumentException">x and y disagree in rows, do not fit the model, contain NaN/∞, options are
    /// invalid, or the model has batch norm and a minibatch would have a single example.</exception>
    public static TrainingRun Train(Mlp model, Matrix x, Matrix y, Loss loss, Optimizer optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= TrainerOptions.Default;
        options.Validate();
        RequireData(model, x, y);

        var n = x.Rows;
        var batchSize = Math.Min(options.BatchSize, n);
        var needsTwoRows = RequireBatchNormBatch(model, options, x);
        var session = new TrainingStep(model, loss, optimizer, options);
        var steps = new List<StepTelemetry>();
        var random = Seeds.Create(options.Seed);
        var order = Enumerable.Range(0, n).ToArray();
        Matrix? xBatch = null, yBatch = null;
        var step = 0;

        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            if (options.Shuffle)
            {
                order = random.Permutation(n);
            }

            for (var start = 0; start < n; start += batchSize)
            {
                if (step >= options.MaxSteps)
                {
                    return Finish(steps, null);
                }

                var count = Math.Min(batchSize, n - start);
                if (count < 2 && needsTwoRows)
                {
                    continue; // batch norm cannot normalize a single example in training mode: skip that remainder
                }

                xBatch = Gather(x, order.AsSpan(start, count), xBatch);
                yBatch = Gather(y, order.AsSpan(start, count), yBatch);

                if (session.Run(xBatch, yBatch, step, epoch, out var record) is { } divergence)
                {
                    return Finish(steps, divergence);
                }

                steps.Add(record!);
                step++;
            }
        }

        return Finish(steps, null);

        TrainingRun Finish(List<StepTelemetry> recorded, Divergence? divergence) =>
            new(recorded, divergence) { Label = optimizer.ToString() };
    }

    /// <summary>The one-call form used in notebooks: plain SGD with step size <paramref name="learningRate"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="Train(Mlp, Matrix, Matrix, Loss, Optimizer, TrainerOptions?)"/>, or learningRate is not positive.</exception>
    public static TrainingRun Train(Mlp model, Matrix x, Matrix y, Loss loss, double learningRate, TrainerOptions? options = null) =>
        Train(model, x, y, loss, new Sgd(learningRate), options);

    /// <summary>The loss of <paramref name="model"/> on all of (x, y) in eval mode (batch norm uses running statistics); no update.</summary>
    /// <exception cref="ArgumentException">x and y disagree in rows, do not fit the model, or contain NaN/∞.</exception>
    public static double Evaluate(Mlp model, Matrix x, Matrix y, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        RequireData(model, x, y);
        return loss.Value(model.Forward(x, training: false), y);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the problem when (x, y) cannot train <paramref name="model"/>.</summary>
    internal static void RequireData(Mlp model, Matrix x, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != y.Rows)
        {
            throw new ArgumentException($"x has {x.Rows} rows but y has {y.Rows}; pass one target row per example.", nameof(y));
        }

        if (x.Cols != model.InputSize)
        {
            throw new ArgumentException($"x has {x.Cols} columns but the model expects {model.InputSize} input features; pass x of shape n × {model.InputSize}.", nameof(x));
        }

        if (y.Cols != model.OutputSize)
        {
            throw new ArgumentException($"y has {y.Cols} columns but the model has {model.OutputSize} outputs; pass y of shape n × {model.OutputSize} (one-hot for classes).", nameof(y));
        }

        RequireFinite(x, nameof(x));
        RequireFinite(y, nameof(y));
    }

    /// <summary>
    /// True when <paramref name="model"/> has batch norm; then throws an <see cref="ArgumentException"/> naming the sizes
    /// when every minibatch would have a single example (batch norm cannot normalize one example in training mode).
    /// </summary>
    internal static bool RequireBatchNormBatch(Mlp model, TrainerOptions options, Matrix x)
    {
        var requestedBatchSize = options.BatchSize;
        var rows = x.Rows;
        var batchNorm = model.Layers.OfType<BatchNorm1d>().FirstOrDefault();
        if (batchNorm is null)
        {
            return false;
        }

        if (requestedBatchSize < 2)
        {
            throw new ArgumentException(
                $"BatchSize is {requestedBatchSize} but the model has batch norm ('{batchNorm.Name}'), which needs at least 2 examples per minibatch; " +
                $"training would take no step. Use BatchSize ≥ 2 (e.g. {Math.Clamp(rows, 2, 32)}), or build the model without batch norm.", nameof(options));
        }

        if (rows < 2)
        {
            throw new ArgumentException(
                $"x has {rows} row{(rows == 1 ? "" : "s")} but the model has batch norm ('{batchNorm.Name}'), which needs at least 2 examples per minibatch; " +
                "training would take no step. Pass at least 2 examples, or build the model without batch norm.", nameof(x));
        }

        return true;
    }

    private static void RequireFinite(Matrix m, string name)
    {
        for (var i = 0; i < m.Length; i++)
        {
            if (!double.IsFinite(m.Data[i]))
            {
                throw new ArgumentException(
                    $"{name} row {i / m.Cols}, column {i % m.Cols} is {m.Data[i]}; remove or impute non-finite values before training.", name);
            }
        }
    }

    /// <summary>Copies the selected rows into <paramref name="buffer"/> (reused when the shape fits).</summary>
    private static Matrix Gather(Matrix source, ReadOnlySpan<int> rows, Matrix? buffer)
    {
        var batch = Matrix.Reuse(buffer, rows.Length, source.Cols);
        for (var i = 0; i < rows.Length; i++)
        {
            source.Row(rows[i]).CopyTo(batch.Row(i));
        }

        return batch;
    }
}
