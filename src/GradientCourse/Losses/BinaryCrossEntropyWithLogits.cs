namespace GradientCourse;

/// <summary>
/// Binary cross-entropy on logits z (a sigmoid output layer folded into the loss), mean over all N elements:
/// L = (1/N) Σ [max(z, 0) − z·y + ln(1 + e^−|z|)], which equals −[y ln σ(z) + (1 − y) ln(1 − σ(z))] without
/// overflow or log(0). dL/dz = (σ(z) − y)/N: no σ' factor, so a saturated output unit still gets a gradient.
/// Targets y must be in [0, 1].
/// </summary>
public sealed class BinaryCrossEntropyWithLogits : Loss
{
    /// <inheritdoc />
    public override string Name => "bce_with_logits";

    /// <inheritdoc />
    public override double Value(Matrix yHat, Matrix y)
    {
        Check(yHat, y);
        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var z = yHat.Data[i];
            sum += Math.Max(z, 0.0) - (z * y.Data[i]) + StableMath.Log1P(Math.Exp(-Math.Abs(z)));
        }

        return sum / y.Length;
    }

    /// <inheritdoc />
    public override Matrix Gradient(Matrix yHat, Matrix y) => GradientInto(yHat, y, null);

    /// <inheritdoc />
    internal override Matrix GradientInto(Matrix yHat, Matrix y, Matrix? buffer)
    {
        Check(yHat, y);
        var g = Matrix.Reuse(buffer, y.Rows, y.Cols);
        for (var i = 0; i < y.Length; i++)
        {
            g.Data[i] = (StableMath.Logistic(yHat.Data[i]) - y.Data[i]) / y.Length;
        }

        return g;
    }

    private static void Check(Matrix yHat, Matrix y)
    {
        LossChecks.RequireShapeAndNoNaN(yHat, y);
        LossChecks.RequireProbabilities(y);
    }
}
