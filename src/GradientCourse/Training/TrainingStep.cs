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
    private Matrix? lossGradient;

    public TrainingStep(Mlp model, Loss loss, Optimizer optimizer, TrainerOptions options)
    {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
        probes = options.RecordTelemetry ? model.Blocks.Select(b => new LayerProbe(b)).ToArray() : [];
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

        // loss
        var lossValue = loss.Value(yHat, yBatch);
        if (DivergenceCheck.AfterForward(model, lossValue, step) is { } forwardBlowUp)
        {
            return forwardBlowUp;
        }

        // backward: every parameter's gradient, output to input
        lossGradient = loss.GradientInto(yHat, yBatch, lossGradient);
        model.Backward(lossGradient);
        if (DivergenceCheck.AfterBackward(model, step) is { } gradientBlowUp)
        {
            return gradientBlowUp;
        }

        // track stats of this batch, before clipping changes the gradients
        foreach (var probe in probes)
        {
            probe.Measure(options.SaturationThreshold);
            probe.SnapshotWeights();
        }

        // clip
        var normBefore = Clip(model.Parameters, options);
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
        record = new StepTelemetry(step, epoch, lossValue, normBefore, normAfter, layers);
        return null;
    }

    /// <summary>Applies the configured clipping; returns the global norm before it.</summary>
    private static double Clip(IReadOnlyList<Parameter> parameters, TrainerOptions options) =>
        options.ClipNorm is { } maxNorm ? GradientClipping.ClipByGlobalNorm(parameters, maxNorm)
        : options.ClipValue is { } clipValue ? GradientClipping.ClipByValue(parameters, clipValue)
        : GradientClipping.GlobalNorm(parameters);

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
