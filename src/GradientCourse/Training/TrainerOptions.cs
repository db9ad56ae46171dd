namespace GradientCourse;

/// <summary>
/// Hyperparameters of <see cref="Trainer.Train(Mlp, Matrix, Matrix, Loss, Optimizer, TrainerOptions?)"/>; change one with <c>with</c>,
/// e.g. <c>TrainerOptions.Default with { Epochs = 20, ClipNorm = 1.0 }</c>. Introduced in notebooks/03-vanishing-gradients.ipynb.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>The defaults: 1 epoch, batches of 32, shuffle seed 0, no clipping, telemetry on.</summary>
    public static TrainerOptions Default { get; } = new();

    /// <summary>Passes over the data set (default 1).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Examples per minibatch (default 32); the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seed of the per-epoch shuffle (default 0): same seed, same batches, bit-identical telemetry.</summary>
    public int Seed { get; init; }

    /// <summary>Shuffle the examples at the start of every epoch (default true); false keeps the data order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Clip the global gradient norm to this value (‖g‖ ← min(‖g‖, ClipNorm)); null = no norm clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Clamp every gradient element to [−ClipValue, +ClipValue]; null = no value clipping.</summary>
    public double? ClipValue { get; init; }

    /// <summary>Record per-layer telemetry (default true); false records only loss, gradient norms and divergence.</summary>
    public bool RecordTelemetry { get; init; } = true;

    /// <summary>A unit is saturated when its local derivative f'(h) is below this (default 0.01, as in notebook 02).</summary>
    public double SaturationThreshold { get; init; } = 0.01;

    /// <summary>Stop after this many optimizer steps in total (null = run every epoch to the end).</summary>
    public int? MaxSteps { get; init; }

    /// <summary>
    /// Steps (0-based, across epochs) at which the trainer keeps every layer's activations and gradients in
    /// <see cref="StepTelemetry.Snapshot"/>, for histograms over training; null or empty = none. Needs
    /// <see cref="RecordTelemetry"/>. Each snapshot holds two numbers per (example, unit) per layer: keep it to a few steps.
    /// </summary>
    public IReadOnlyList<int>? SnapshotSteps { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option and how to fix it.</summary>
    public void Validate()
    {
        if (Epochs <= 0)
        {
            throw new ArgumentException($"Epochs is {Epochs}; it must be at least 1 (one pass over the data).", nameof(Epochs));
        }

        if (BatchSize <= 0)
        {
            throw new ArgumentException($"BatchSize is {BatchSize}; it must be at least 1 (32 is a good start).", nameof(BatchSize));
        }

        if (ClipNorm is not null && ClipValue is not null)
        {
            throw new ArgumentException(
                $"Both ClipNorm ({ClipNorm}) and ClipValue ({ClipValue}) are set; choose one kind of clipping and set the other to null.", nameof(ClipNorm));
        }

        if (ClipNorm is { } norm && (!(norm > 0) || !double.IsFinite(norm)))
        {
            throw new ArgumentException($"ClipNorm is {norm}; it must be a positive finite number (1.0 or 5.0 are common), or null for no clipping.", nameof(ClipNorm));
        }

        if (ClipValue is { } value && (!(value > 0) || !double.IsFinite(value)))
        {
            throw new ArgumentException($"ClipValue is {value}; it must be a positive finite number (e.g. 0.5 or 1.0), or null for no clipping.", nameof(ClipValue));
        }

        if (!(SaturationThreshold > 0) || !double.IsFinite(SaturationThreshold))
        {
            throw new ArgumentException($"SaturationThreshold is {SaturationThreshold}; it must be a small positive number (0.01 is the course's choice).", nameof(SaturationThreshold));
        }

        if (MaxSteps is { } maxSteps && maxSteps <= 0)
        {
            throw new ArgumentException($"MaxSteps is {maxSteps}; it must be at least 1, or null to run every epoch.", nameof(MaxSteps));
        }

        if (SnapshotSteps is { Count: > 0 } snapshotSteps)
        {
            if (!RecordTelemetry)
            {
                throw new ArgumentException(
                    $"SnapshotSteps is set ({snapshotSteps.Count} steps) but RecordTelemetry is false; snapshots are part of the telemetry: set RecordTelemetry = true, or SnapshotSteps = null.",
                    nameof(SnapshotSteps));
            }

            foreach (var step in snapshotSteps)
            {
                if (step < 0)
                {
                    throw new ArgumentException($"SnapshotSteps contains {step}; steps count from 0 (the first step), e.g. [0, 10, 50].", nameof(SnapshotSteps));
                }
            }
        }
    }
}
