namespace GradientCourse;

/// <summary>
/// Softmax cross-entropy on logits z, mean over the rows (examples): L = −(1/rows) Σ_r Σ_c y_rc · log softmax(z_r)_c,
/// with the stable log-softmax log softmax(z)_c = z_c − max(z) − ln Σ_k e^(z_k − max(z)).
/// dL/dz = (softmax(z) − y)/rows. Each target row is one-hot or a probability row: entries in [0, 1] summing to 1.
/// </summary>
public sealed class SoftmaxCrossEntropy : Loss
{
    /// <summary>How far a target row's sum may be from 1.</summary>
    public const double RowSumTolerance = 1e-6;

    /// <inheritdoc />
    public override string Name => "softmax_cross_entropy";

    /// <summary>softmax of each row of <paramref name="logits"/> (max-shifted, so large logits do not overflow).</summary>
    public static Matrix Softmax(Matrix logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var p = new Matrix(logits.Rows, logits.Cols);
        for (var r = 0; r < logits.Rows; r++)
        {
            var z = logits.Row(r);
            var row = p.Row(r);
            var max = Max(z);
            var sum = 0.0;
            for (var c = 0; c < z.Length; c++)
            {
                row[c] = Math.Exp(z[c] - max);
                sum += row[c];
            }

            for (var c = 0; c < z.Length; c++)
            {
                row[c] /= sum;
            }
        }

        return p;
    }

    /// <inheritdoc />
    public override double Value(Matrix yHat, Matrix y)
    {
        Check(yHat, y);
        var total = 0.0;
        for (var r = 0; r < y.Rows; r++)
        {
            var z = yHat.Row(r);
            var t = y.Row(r);
            var max = Max(z);
            var sumExp = 0.0;
            for (var c = 0; c < z.Length; c++)
            {
                sumExp += Math.Exp(z[c] - max);
            }

            var logSumExp = max + Math.Log(sumExp);
            for (var c = 0; c < z.Length; c++)
            {
                if (t[c] != 0)
                {
                    total -= t[c] * (z[c] - logSumExp);
                }
            }
        }

        return total / y.Rows;
    }

    /// <inheritdoc />
    public override Matrix Gradient(Matrix yHat, Matrix y)
    {
        Check(yHat, y);
        var g = Softmax(yHat);
        for (var i = 0; i < g.Length; i++)
        {
            g.Data[i] = (g.Data[i] - y.Data[i]) / y.Rows;
        }

        return g;
    }

    private static double Max(ReadOnlySpan<double> z)
    {
        var max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static void Check(Matrix yHat, Matrix y)
    {
        LossChecks.RequireShapeAndNoNaN(yHat, y);
        LossChecks.RequireProbabilities(y);
        for (var r = 0; r < y.Rows; r++)
        {
            var sum = 0.0;
            foreach (var v in y.Row(r))
            {
                sum += v;
            }

            if (Math.Abs(sum - 1.0) > RowSumTolerance)
            {
                throw new ArgumentException(
                    $"row {r} of y sums to {sum}, but each target row must be a probability row summing to 1; use one-hot rows (a single 1 per row) or normalize the row.",
                    nameof(y));
            }
        }
    }
}
