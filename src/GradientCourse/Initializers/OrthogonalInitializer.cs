using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace GradientCourse;

/// <summary>
/// Orthogonal initialization (Saxe et al. 2014): draw a Gaussian matrix A, factor A = QR, fix the signs by
/// Q ← Q·diag(sign(R_ii)) (so the result is uniformly distributed over orthogonal matrices), and scale by gain.
/// The columns of W (fanIn × fanOut) are orthonormal × gain when fanIn ≥ fanOut, otherwise its rows are:
/// multiplying by W preserves vector lengths, so signals neither shrink nor grow with depth in a linear net.
/// </summary>
public sealed class OrthogonalInitializer : Initializer
{
    internal OrthogonalInitializer(double gain)
    {
        if (!double.IsFinite(gain) || gain <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, $"gain must be a positive finite number (1.0 for linear or tanh layers, sqrt(2) for ReLU), got {gain}.");
        }

        Gain = gain;
    }

    /// <inheritdoc />
    public override string Name => "orthogonal";

    /// <summary>The scale applied to the orthonormal matrix.</summary>
    public double Gain { get; }

    /// <summary>
    /// gain² / max(fanIn, fanOut): the mean of w² (exact), which is the variance up to the tiny sample mean.
    /// With k = min(fanIn, fanOut) orthonormal vectors of unit length, Σ w² = gain²·k over fanIn·fanOut entries.
    /// </summary>
    public override double Variance(int fanIn, int fanOut)
    {
        RequireFans(fanIn, fanOut);
        return Gain * Gain / Math.Max(fanIn, fanOut);
    }

    /// <inheritdoc />
    protected override void Fill(Matrix weights, Random random)
    {
        var tall = weights.Rows >= weights.Cols;
        var m = Math.Max(weights.Rows, weights.Cols);
        var n = Math.Min(weights.Rows, weights.Cols);

        // A is m × n (tall), filled column by column from the seeded source: deterministic.
        var storage = new double[m * n];
        for (var i = 0; i < storage.Length; i++)
        {
            storage[i] = random.NextGaussian();
        }

        var a = Matrix<double>.Build.Dense(m, n, storage);
        var qr = a.QR(QRMethod.Thin);
        var q = qr.Q; // m × n, orthonormal columns
        var r = qr.R; // n × n, upper triangular
        for (var j = 0; j < n; j++)
        {
            var sign = r[j, j] < 0 ? -1.0 : 1.0;
            for (var i = 0; i < m; i++)
            {
                var v = Gain * sign * q[i, j];
                if (tall)
                {
                    weights.Data[(i * weights.Cols) + j] = v; // W = Q: orthonormal columns
                }
                else
                {
                    weights.Data[(j * weights.Cols) + i] = v; // W = Qᵀ: orthonormal rows
                }
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Gain == 1.0 ? Name : $"{Name}(gain={Gain})";
}
