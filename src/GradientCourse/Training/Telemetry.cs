namespace GradientCourse;

/// <summary>
/// The "gradient X-ray" of one layer (MLP block) at one training step. Layer 1 is nearest the input.
/// </summary>
/// <param name="Layer">Block index, 1 = first hidden layer, Depth = output layer.</param>
/// <param name="WeightGradNorm">‖dW‖ (Frobenius) of the block's Dense weights, before clipping.</param>
/// <param name="ActivationMean">Mean of the block's output (after its activation) over the batch and units.</param>
/// <param name="ActivationStd">Standard deviation of that output.</param>
/// <param name="SaturatedFraction">Share of (example, unit) pairs whose local derivative f'(h) is below the saturation threshold; 0 for non-saturating activations.</param>
/// <param name="DeadFraction">Share of units whose local derivative is exactly 0 for every example of the batch (dead ReLU units).</param>
/// <param name="UpdateToDataRatio">std(learningRate · dW) / std(W): about 1e-3 is healthy.</param>
public sealed record LayerTelemetry(
    int Layer,
    double WeightGradNorm,
    double ActivationMean,
    double ActivationStd,
    double SaturatedFraction,
    double DeadFraction,
    double UpdateToDataRatio);

/// <summary>Everything recorded at one optimizer step.</summary>
/// <param name="Step">0-based step number across epochs.</param>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Loss">Training loss on this minibatch, before the update.</param>
/// <param name="GradNormBeforeClip">Global gradient norm before clipping.</param>
/// <param name="GradNormAfterClip">Global gradient norm after clipping (equal to before when no clipping is set).</param>
/// <param name="Layers">Per-layer telemetry, input to output (empty when telemetry is off).</param>
public sealed record StepTelemetry(
    int Step,
    int Epoch,
    double Loss,
    double GradNormBeforeClip,
    double GradNormAfterClip,
    IReadOnlyList<LayerTelemetry> Layers)
{
    /// <summary>
    /// Every layer's activations and gradients at this step, kept when the step is one of
    /// <see cref="TrainerOptions.SnapshotSteps"/>; null otherwise. Drawn over training by
    /// <c>Charts.ActivationHistogramsOverTraining</c> and <c>Charts.GradientHistogramsOverTraining</c>.
    /// </summary>
    public IReadOnlyList<LayerSnapshot>? Snapshot { get; init; }
}

/// <summary>
/// One layer's values at a snapshot step, for histograms over training (makemore part 3's activation and gradient
/// histograms). Layer 1 is nearest the input.
/// </summary>
/// <param name="Layer">Block index, 1 = first hidden layer, Depth = output layer.</param>
/// <param name="Activation">The block's activation name ("identity" for a block without one, e.g. the output layer).</param>
/// <param name="Activations">The block's output (after its activation) for every (example, unit) of the step's batch, row-major.</param>
/// <param name="Gradients">dL/dh, the loss gradient at the block's Dense output (pre-activation), same entries; ‖dW‖ is built from these.</param>
/// <param name="SaturatedFraction">As <see cref="LayerTelemetry.SaturatedFraction"/> at this step.</param>
/// <param name="DeadFraction">As <see cref="LayerTelemetry.DeadFraction"/> at this step.</param>
/// <param name="Saturates">Whether the activation saturates (sigmoid, tanh): then the saturated share is the one to read; otherwise the dead share.</param>
public sealed record LayerSnapshot(
    int Layer,
    string Activation,
    double[] Activations,
    double[] Gradients,
    double SaturatedFraction,
    double DeadFraction,
    bool Saturates);

/// <summary>Where training first produced a NaN or infinite value.</summary>
/// <param name="Step">The step at which it happened.</param>
/// <param name="Layer">The block (1 = input side) where it was found, or null when the loss itself was the first non-finite value.</param>
/// <param name="Quantity">What was non-finite, e.g. "pre-activation" (a Dense output), "activation", "loss", "weight gradient", "weights".</param>
/// <param name="Value">The offending value (NaN or ±∞).</param>
public sealed record Divergence(int Step, int? Layer, string Quantity, double Value)
{
    /// <summary>A friendly one-line report for a notebook.</summary>
    public string Message =>
        $"Training diverged at step {Step}: the {Quantity}{(Layer is { } l ? $" of layer {l}" : string.Empty)} became {FormatValue(Value)}. "
        + "Gradients exploded: lower the learning rate, use a smaller-scale initializer (Glorot/He), or clip gradients.";

    private static string FormatValue(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+∞" : double.IsNegativeInfinity(v) ? "−∞" : v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
