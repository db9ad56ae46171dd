using GradientCourse.Kernels;

namespace GradientCourse;

/// <summary>
/// Gradient clipping, the standard cure for exploding gradients. Introduced in notebooks/04-exploding-gradients.ipynb.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Global L2 norm of all gradients: sqrt(Σ_p Σ_i dW_p,i²). One pass of squares in the usual case; when a square
    /// overflows or the sum falls where underflow could cost digits, it is recomputed as 2^k·sqrt(Σ (dW·2^−k)²) with
    /// 2^k ≈ max |dW| (scaling by a power of two is exact), so huge but finite gradients give a finite norm (and can
    /// be clipped) instead of +∞. NaN if any gradient is NaN; +∞ if any is infinite.
    /// </summary>
    public static double GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sum = 0.0;
        for (var i = 0; i < parameters.Count; i++)
        {
            sum += VectorOps.SumOfSquares(parameters[i].Grad.Data);
        }

        return NormFromSumOfSquares(sum, parameters);
    }

    /// <summary>
    /// The global norm given Σ dW² already summed over <paramref name="parameters"/> in order (the trainer's
    /// divergence check computes it): sqrt of it when that is safe, else the scaled recomputation.
    /// </summary>
    internal static double NormFromSumOfSquares(double sumOfSquares, IReadOnlyList<Parameter> parameters)
    {
        // Below 2^−900 the squares that underflowed (each < 2^−1022) could matter; at +∞ or NaN a square overflowed
        // or an element is not finite. Everything in between is the plain sum.
        return sumOfSquares >= SafeSumOfSquares && sumOfSquares < double.PositiveInfinity
            ? Math.Sqrt(sumOfSquares)
            : ScaledNorm(parameters);
    }

    private static readonly double SafeSumOfSquares = Math.ScaleB(1.0, -900);

    private static double ScaledNorm(IReadOnlyList<Parameter> parameters)
    {
        var max = 0.0;
        for (var i = 0; i < parameters.Count; i++)
        {
            var m = VectorOps.MaxAbs(parameters[i].Grad.Data);
            if (double.IsNaN(m))
            {
                return double.NaN;
            }

            max = Math.Max(max, m);
        }

        if (max == 0 || double.IsInfinity(max))
        {
            return max;
        }

        // 2^−k with 2^k ≤ max < 2^(k+1); k is kept ≥ −1000 so that 2^−k stays finite for subnormal gradients
        var k = Math.Max(Math.ILogB(max), -1000);
        var scale = Math.ScaleB(1.0, -k);
        var sum = 0.0;
        for (var i = 0; i < parameters.Count; i++)
        {
            sum += VectorOps.SumOfScaledSquares(parameters[i].Grad.Data, scale);
        }

        return Math.ScaleB(Math.Sqrt(sum), k);
    }

    /// <summary>
    /// If the global norm exceeds <paramref name="maxNorm"/>, scales every gradient by maxNorm / norm
    /// (direction unchanged). Returns the norm before clipping.
    /// </summary>
    public static double ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"maxNorm must be a positive finite number (1.0 or 5.0 are common), got {maxNorm}.");
        }

        var norm = GlobalNorm(parameters);
        ScaleToNorm(parameters, maxNorm, norm);
        return norm;
    }

    /// <summary>Scales every gradient by maxNorm / norm when the (already computed) global norm exceeds maxNorm.</summary>
    internal static void ScaleToNorm(IReadOnlyList<Parameter> parameters, double maxNorm, double norm)
    {
        if (norm > maxNorm && double.IsFinite(norm))
        {
            var scale = maxNorm / norm;
            foreach (var p in parameters)
            {
                var g = p.Grad.Data;
                for (var i = 0; i < g.Length; i++)
                {
                    g[i] *= scale;
                }
            }
        }
    }

    /// <summary>Clamps every gradient element to [−clipValue, +clipValue] (direction may change). Returns the global norm before clipping.</summary>
    public static double ClipByValue(IReadOnlyList<Parameter> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue > 0) || !double.IsFinite(clipValue))
        {
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, $"clipValue must be a positive finite number (e.g. 0.5 or 1.0), got {clipValue}.");
        }

        var norm = GlobalNorm(parameters);
        Clamp(parameters, clipValue);
        return norm;
    }

    /// <summary>Clamps every gradient element to [−clipValue, +clipValue] (clipValue already validated).</summary>
    internal static void Clamp(IReadOnlyList<Parameter> parameters, double clipValue)
    {
        foreach (var p in parameters)
        {
            var g = p.Grad.Data;
            for (var i = 0; i < g.Length; i++)
            {
                g[i] = Math.Clamp(g[i], -clipValue, clipValue);
            }
        }
    }
}
