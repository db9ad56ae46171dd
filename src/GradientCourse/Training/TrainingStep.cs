namespace GradientCourse;

/// <summary>
/// One training step of <see cref="Trainer.Train(Mlp, Matrix, Matrix, Loss, Optimizer, TrainerOptions?)"/>, with every
/// buffer it needs (loss gradient, telemetry probes) owned here and reused, so a steady-state step allocates nothing
/// but its telemetry record. Internal: the trainer loops over it; the benchmarks time it.
/// </summary>
internal sealed class TrainingStep
{
    private readonly Mlp model;
    private readonly Loss loss;
    private readonly Optimizer optimizer;
    private readonly TrainerOptions options;
    private readonly LayerProbe[] probes;
    private readonly int[] weightIndexOfProbe;
    private readonly double[] gradientSquares;
    private readonly HashSet<int> snapshotSteps;
    private Matrix? lossGradient;

    public TrainingStep(Mlp model, Loss loss, Optimizer optimizer, TrainerOptions options)
    {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
        probes = options.RecordTelemetry ? model.Blocks.Select(b => new LayerProbe(b)).ToArray() : [];
        gradientSquares = new double[model.Parameters.Count];
        snapshotSteps = options.RecordTelemetry && options.SnapshotSteps is { } steps ? [.. steps] : [];
        weightIndexOfProbe = options.RecordTelemetry
            ? model.Blocks.Select(b => IndexOf(model.Parameters, b.Dense.Weights)).ToArray()
            : [];
    }

    /// <summary>
    /// Forward (training mode), loss, backward, telemetry, clipping, update on one batch. Returns the divergence that
    /// stopped it (and no record), or null with the step's record.
    /// </summary>
    public Divergence? Run(Matrix xBatch, Matrix yBatch, int step, int epoch, out StepTelemetry? record)
    {
        record = null;

        // forward, in training mode (batch norm uses batch statistics)
        var yHat = model.Forward(xBatch, training: true);

        // every block output finite? (before the loss: softmax and BCE validate yHat and would throw on a NaN)
        if (DivergenceCheck.AfterForward(model, step) is { } forwardBlowUp)
        {
            return forwardBlowUp;
        }

        // loss
        var lossValue = loss.Value(yHat, yBatch);
        if (DivergenceCheck.AfterLoss(lossValue, step) is { } lossBlowUp)
        {
            return lossBlowUp;
        }

        // backward: every parameter's gradient, output to input
        lossGradient = loss.GradientInto(yHat, yBatch, lossGradient);
        model.Backward(lossGradient);
        var parameters = model.Parameters;
        if (DivergenceCheck.AfterBackward(model, step, gradientSquares) is { } gradientBlowUp)
        {
            return gradientBlowUp;
        }

        // track stats of this batch, before clipping changes the gradients
        for (var i = 0; i < probes.Length; i++)
        {
            probes[i].Measure(options.SaturationThreshold, gradientSquares[weightIndexOfProbe[i]]);
            probes[i].SnapshotWeights();
        }

        // clip (the norm before it comes from the squares the check just summed: the same sum GlobalNorm takes)
        var sumOfSquares = 0.0;
        foreach (var squares in gradientSquares)
        {
            sumOfSquares += squares;
        }

        var normBefore = GradientClipping.NormFromSumOfSquares(sumOfSquares, parameters);
        Clip(parameters, options, normBefore);
        if (!double.IsFinite(normBefore))
        {
            return new Divergence(step, null, "gradient norm", normBefore);
        }

        var normAfter = options.ClipNorm is null && options.ClipValue is null ? normBefore : GradientClipping.GlobalNorm(model.Parameters);

        // update
        optimizer.Step(model.Parameters);
        if (DivergenceCheck.AfterUpdate(model, step) is { } weightBlowUp)
        {
            return weightBlowUp;
        }

        // record: update:data ratios need the weights after the update
        var layers = probes.Length > 0 ? Complete(probes) : [];
        record = new StepTelemetry(step, epoch, lossValue, normBefore, normAfter, layers)
        {
            Snapshot = snapshotSteps.Contains(step) ? TakeSnapshot(model, layers) : null,
        };
        return null;
    }

    /// <summary>Applies the configured clipping, given the global norm before it.</summary>
    private static void Clip(IReadOnlyList<Parameter> parameters, TrainerOptions options, double norm)
    {
        if (options.ClipNorm is { } maxNorm)
        {
            GradientClipping.ScaleToNorm(parameters, maxNorm, norm);
        }
        else if (options.ClipValue is { } clipValue)
        {
            GradientClipping.Clamp(parameters, clipValue);
        }
    }

    private static int IndexOf(IReadOnlyList<Parameter> parameters, Parameter p)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (ReferenceEquals(parameters[i], p))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{p.Name} is not one of the model's parameters.");
    }

    /// <summary>
    /// Copies every block's output and dL/dh of this step (the forward and backward buffers still hold them: the
    /// update changes only the weights).
    /// </summary>
    private static LayerSnapshot[] TakeSnapshot(Mlp model, LayerTelemetry[] layers)
    {
        var snapshot = new LayerSnapshot[model.Depth];
        for (var b = 0; b < model.Depth; b++)
        {
            var block = model.Blocks[b];
            var activation = block.Activation?.Activation;
            var gradient = block.Dense.OutputGradient ?? throw new InvalidOperationException($"Layer {block.Index} has no gradient yet.");
            snapshot[b] = new LayerSnapshot(
                block.Index,
                activation?.Name ?? "identity",
                (double[])block.Output.Data.Clone(),
                (double[])gradient.Data.Clone(),
                layers[b].SaturatedFraction,
                layers[b].DeadFraction,
                activation?.Saturates ?? false);
        }

        return snapshot;
    }

    private static LayerTelemetry[] Complete(LayerProbe[] probes)
    {
        var layers = new LayerTelemetry[probes.Length];
        for (var i = 0; i < probes.Length; i++)
        {
            layers[i] = probes[i].Complete();
        }

        return layers;
    }
}
