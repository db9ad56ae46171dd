namespace GradientCourse;

/// <summary>
/// <see cref="Trainer.Train(Mlp, Matrix, Matrix, Loss, Optimizer, TrainerOptions?)"/> one step at a time: the same
/// shuffles (one seeded permutation per epoch), the same minibatches, the same step, the same telemetry and divergence
/// checks, so that n calls of <see cref="Step"/> leave the model exactly as <c>Trainer.Train</c> with
/// <c>MaxSteps = n</c> does. Made for live views (the Gradient Playground trains in chunks between redraws).
/// </summary>
/// <remarks><see cref="TrainerOptions.Epochs"/> is ignored: a session runs as many epochs as it is stepped.</remarks>
public sealed class TrainingSession
{
    private readonly Mlp model;
    private readonly Matrix x;
    private readonly Matrix y;
    private readonly TrainerOptions options;
    private readonly TrainingStep step;
    private readonly Random random;
    private readonly int batchSize;
    private readonly bool needsTwoRows;
    private int[] order;
    private int start;
    private Matrix? xBatch;
    private Matrix? yBatch;

    /// <summary>A session training <paramref name="model"/> in place on (x, y) with <paramref name="optimizer"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="Trainer.Train(Mlp, Matrix, Matrix, Loss, Optimizer, TrainerOptions?)"/>.</exception>
    public TrainingSession(Mlp model, Matrix x, Matrix y, Loss loss, Optimizer optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= TrainerOptions.Default;
        options.Validate();
        Trainer.RequireData(model, x, y);
        this.model = model;
        this.x = x;
        this.y = y;
        this.options = options;
        step = new TrainingStep(model, loss, optimizer, options);
        random = Seeds.Create(options.Seed);
        batchSize = Math.Min(options.BatchSize, x.Rows);
        needsTwoRows = Trainer.RequireBatchNormBatch(model, options, x);

        order = Enumerable.Range(0, x.Rows).ToArray();
        start = x.Rows; // the first Step begins epoch 0
        Epoch = -1;
    }

    /// <summary>Steps taken so far (the 0-based number of the next step).</summary>
    public int StepCount { get; private set; }

    /// <summary>The 0-based epoch of the last step (−1 before the first).</summary>
    public int Epoch { get; private set; }

    /// <summary>Where training diverged, or null; once set, <see cref="Step"/> does nothing.</summary>
    public Divergence? Divergence { get; private set; }

    /// <summary>
    /// Trains on the next minibatch; returns its record, or null when this step diverged (see <see cref="Divergence"/>)
    /// or an earlier one had.
    /// </summary>
    public StepTelemetry? Step()
    {
        if (Divergence is not null)
        {
            return null;
        }

        var n = x.Rows;
        while (true)
        {
            if (start >= n)
            {
                Epoch++;
                start = 0;
                if (options.Shuffle)
                {
                    order = random.Permutation(n);
                }
            }

            var count = Math.Min(batchSize, n - start);
            var first = start;
            start += batchSize;
            if (count < 2 && needsTwoRows)
            {
                continue; // as the trainer: batch norm cannot normalize a single example in training mode
            }

            xBatch = Gather(x, order.AsSpan(first, count), xBatch);
            yBatch = Gather(y, order.AsSpan(first, count), yBatch);
            if (step.Run(xBatch, yBatch, StepCount, Epoch, out var record) is { } divergence)
            {
                Divergence = divergence;
                return null;
            }

            StepCount++;
            return record;
        }
    }

    /// <summary>The model being trained.</summary>
    public Mlp Model => model;

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
