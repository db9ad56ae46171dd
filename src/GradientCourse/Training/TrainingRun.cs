namespace GradientCourse;

/// <summary>
/// The outcome of <see cref="Trainer.Train(Mlp, Matrix, Matrix, Loss, Optimizer, TrainerOptions?)"/>: one <see cref="StepTelemetry"/> per
/// completed step and, if training blew up, where. A diverging step is not recorded, so recorded losses, norms and
/// activation statistics are finite (an update:data ratio is +∞ only when a layer's weights were all equal before the step).
/// </summary>
/// <param name="Steps">Telemetry of every completed step, in order.</param>
/// <param name="Divergence">The first NaN/±∞ found, or null when training stayed finite.</param>
public sealed record TrainingRun(IReadOnlyList<StepTelemetry> Steps, Divergence? Divergence)
{
    /// <summary>A legend label for charts, e.g. "sigmoid, 10 layers"; set it with <c>run with { Label = "…" }</c>.</summary>
    public string Label { get; init; } = "run";

    /// <summary>True when training stopped on a NaN or infinite value.</summary>
    public bool Diverged => Divergence is not null;

    /// <summary>The steps that carry a <see cref="StepTelemetry.Snapshot"/> (see <see cref="TrainerOptions.SnapshotSteps"/>), in order.</summary>
    public IReadOnlyList<StepTelemetry> Snapshots => Steps.Where(s => s.Snapshot is not null).ToList();

    /// <summary>Number of recorded steps.</summary>
    public int StepCount => Steps.Count;

    /// <summary>Number of layers (blocks) in the per-layer telemetry; 0 when telemetry was off.</summary>
    public int LayerCount => Steps.Count == 0 ? 0 : Steps[0].Layers.Count;

    /// <summary>Minibatch loss of the last recorded step (NaN when no step completed).</summary>
    public double FinalLoss => Steps.Count == 0 ? double.NaN : Steps[^1].Loss;

    /// <summary>Minibatch loss per recorded step.</summary>
    public double[] Losses => StepSeries(s => s.Loss);

    /// <summary>Any per-step quantity as an array over steps, e.g. <c>run.StepSeries(s =&gt; s.GradNormBeforeClip)</c>.</summary>
    public double[] StepSeries(Func<StepTelemetry, double> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var result = new double[Steps.Count];
        for (var s = 0; s < Steps.Count; s++)
        {
            result[s] = selector(Steps[s]);
        }

        return result;
    }

    /// <summary>A per-layer quantity as result[layer − 1][step], e.g. <c>run.LayerSeries(l =&gt; l.ActivationStd)</c>.</summary>
    public double[][] LayerSeries(Func<LayerTelemetry, double> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var result = new double[LayerCount][];
        for (var l = 0; l < result.Length; l++)
        {
            result[l] = new double[Steps.Count];
            for (var s = 0; s < Steps.Count; s++)
            {
                result[l][s] = selector(Steps[s].Layers[l]);
            }
        }

        return result;
    }

    /// <summary>Weight-gradient norms as a layer × step array: [layer − 1, step] = ‖dW‖ (the heatmap of notebook 03).</summary>
    public double[,] GradNormMatrix()
    {
        var result = new double[LayerCount, Steps.Count];
        for (var l = 0; l < LayerCount; l++)
        {
            for (var s = 0; s < Steps.Count; s++)
            {
                result[l, s] = Steps[s].Layers[l].WeightGradNorm;
            }
        }

        return result;
    }

    /// <summary>The per-layer telemetry of one recorded step (0-based index into <see cref="Steps"/>).</summary>
    public IReadOnlyList<LayerTelemetry> LayersAt(int step)
    {
        if ((uint)step >= (uint)Steps.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"step must be in [0, {Steps.Count - 1}]; the run recorded {Steps.Count} steps.");
        }

        return Steps[step].Layers;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Label}: {Steps.Count} steps, final loss {FinalLoss.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}"
        + (Divergence is { } d ? $"; {d.Message}" : string.Empty);
}
