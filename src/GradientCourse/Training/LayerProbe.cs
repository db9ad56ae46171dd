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
    private bool[] alive = [];
    private double weightGradNorm;
    private double activationMean;
    private double activationStd;
    private double saturatedFraction;
    private double deadFraction;

    public LayerProbe(MlpBlock block)
    {
        this.block = block;
        weightsBefore = new double[block.Dense.Weights.Value.Length];
    }

    /// <summary>‖dW‖, output mean/std, saturated and dead fractions, from the last forward and backward pass.</summary>
    public void Measure(double saturationThreshold)
    {
        weightGradNorm = Math.Sqrt(VectorOps.SumOfSquares(block.Dense.Weights.Grad.Data));
        var output = BlockOutput(block);
        (activationMean, activationStd) = MeanAndStd(output.Data);
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

        layer.Activation.DerivativeForTelemetry(h.Data, layer.Output!.Data, derivative);
        if (layer.Activation.Saturates)
        {
            var saturated = 0;
            foreach (var d in derivative)
            {
                if (d < saturationThreshold)
                {
                    saturated++;
                }
            }

            saturatedFraction = (double)saturated / derivative.Length;
        }

        // A unit is dead on this batch when f'(h) = 0 for every example: no gradient reaches its weights.
        if (alive.Length != h.Cols)
        {
            alive = new bool[h.Cols];
        }

        Array.Clear(alive);
        for (var row = 0; row < h.Rows; row++)
        {
            var d = derivative.AsSpan(row * h.Cols, h.Cols);
            for (var unit = 0; unit < d.Length; unit++)
            {
                alive[unit] |= d[unit] != 0;
            }
        }

        var dead = 0;
        foreach (var a in alive)
        {
            if (!a)
            {
                dead++;
            }
        }

        deadFraction = (double)dead / h.Cols;
    }

    /// <summary>Copies W before the optimizer changes it.</summary>
    public void SnapshotWeights() => block.Dense.Weights.Value.Data.AsSpan().CopyTo(weightsBefore);

    /// <summary>The finished record, with update:data = std(W_after − W_before) / std(W_before).</summary>
    public LayerTelemetry Complete() =>
        new(block.Index, weightGradNorm, activationMean, activationStd, saturatedFraction, deadFraction, UpdateToDataRatio());

    /// <summary>What the block hands to the next one: its activation's output, else batch norm's, else the Dense output.</summary>
    internal static Matrix BlockOutput(MlpBlock block) =>
        block.Activation?.Output ?? block.BatchNorm?.Output ?? block.Dense.Output
        ?? throw new InvalidOperationException($"Block {block.Index} has no output yet; run a forward pass first.");

    /// <summary>Mean and population standard deviation, two passes (vectorised, fixed order).</summary>
    internal static (double Mean, double Std) MeanAndStd(ReadOnlySpan<double> values) => VectorOps.MeanAndStd(values);

    /// <summary>
    /// std(ΔW) / std(W_before). When W_before has zero spread (zeros or constant init) the ratio is +∞ if W moved
    /// and 0 if it did not.
    /// </summary>
    private double UpdateToDataRatio()
    {
        var after = block.Dense.Weights.Value.Data;
        var n = after.Length;
        var meanDelta = VectorOps.SumOfDifferences(after, weightsBefore) / n;
        var squaresDelta = VectorOps.SumOfSquaredDifferences(after, weightsBefore, meanDelta);
        var stdDelta = Math.Sqrt(squaresDelta / n);
        var stdBefore = MeanAndStd(weightsBefore).Std;
        if (stdBefore == 0)
        {
            return stdDelta == 0 ? 0 : double.PositiveInfinity;
        }

        return stdDelta / stdBefore;
    }
}
