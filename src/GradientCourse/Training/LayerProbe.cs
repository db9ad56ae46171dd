using GradientCourse.Kernels;

namespace GradientCourse;

/// <summary>
/// Measures one <see cref="MlpBlock"/> during a training step and turns it into <see cref="LayerTelemetry"/>:
/// <see cref="Measure"/> after backward (before clipping), <see cref="SnapshotWeights"/> before the update,
/// <see cref="Complete"/> after it. Owns its buffers, so a step allocates only the record.
/// </summary>
internal sealed class LayerProbe
{
    private readonly MlpBlock block;
    private readonly double[] weightsBefore;
    private double[] derivative = [];
    private ulong[] alive = [];
    private double weightGradNorm;
    private double weightsBeforeStd;
    private double activationMean;
    private double activationStd;
    private double saturatedFraction;
    private double deadFraction;

    public LayerProbe(MlpBlock block)
    {
        this.block = block;
        weightsBefore = new double[block.Dense.Weights.Value.Length];
    }

    /// <summary>
    /// ‖dW‖ (from Σ dW², which the step's divergence check already summed), output mean/std, saturated and dead
    /// fractions, from the last forward and backward pass.
    /// </summary>
    public void Measure(double saturationThreshold, double weightGradSumOfSquares)
    {
        weightGradNorm = Math.Sqrt(weightGradSumOfSquares);
        var output = block.Output;
        (activationMean, activationStd) = SpanStatistics.MeanAndStd(output.Data);
        saturatedFraction = 0;
        deadFraction = 0;
        if (block.Activation is not { Input: { } h } layer)
        {
            return;
        }

        // f'(h) for every (example, unit): the local factor backprop multiplied in at this layer.
        if (derivative.Length != h.Length)
        {
            derivative = new double[h.Length];
        }

        if (layer.Activation is IDerivativeFromOutput fromOutput)
        {
            fromOutput.DerivativeFromOutput(layer.Output!.Data, derivative); // exactly the factor Backward multiplied in
        }
        else
        {
            layer.Activation.Derivative(h.Data, derivative);
        }

        // One pass: how many f' fall below the threshold, and which units had f' ≠ 0 for at least one example. A unit
        // is dead on this batch when f'(h) = 0 for every example: no gradient reaches its weights.
        if (alive.Length != h.Cols)
        {
            alive = new ulong[h.Cols];
        }

        Array.Clear(alive);
        var below = VectorOps.CountBelowAndMarkNonZeroColumns(derivative, h.Cols, saturationThreshold, alive);
        if (layer.Activation.Saturates)
        {
            saturatedFraction = (double)below / derivative.Length;
        }

        var dead = 0;
        foreach (var a in alive)
        {
            if (a == 0)
            {
                dead++;
            }
        }

        deadFraction = (double)dead / h.Cols;
    }

    /// <summary>Copies W before the optimizer changes it, and takes std(W_before) in the same pass.</summary>
    public void SnapshotWeights() => weightsBeforeStd = VectorOps.CopyAndStd(block.Dense.Weights.Value.Data, weightsBefore);

    /// <summary>The finished record, with update:data = std(W_after − W_before) / std(W_before).</summary>
    public LayerTelemetry Complete() =>
        new(block.Index, weightGradNorm, activationMean, activationStd, saturatedFraction, deadFraction, UpdateToDataRatio());

    /// <summary>
    /// std(ΔW) / std(W_before). When W_before has zero spread (zeros or constant init) the ratio is +∞ if W moved
    /// and 0 if it did not.
    /// </summary>
    private double UpdateToDataRatio()
    {
        var stdDelta = VectorOps.StdOfDifferences(block.Dense.Weights.Value.Data, weightsBefore);
        if (weightsBeforeStd == 0)
        {
            return stdDelta == 0 ? 0 : double.PositiveInfinity;
        }

        return stdDelta / weightsBeforeStd;
    }
}
