namespace GradientCourse;

/// <summary>
/// Gradient clipping, the standard cure for exploding gradients. Introduced in notebooks/04-exploding-gradients.ipynb.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Global L2 norm of all gradients: sqrt(Σ_p Σ_i dW_p,i²), computed as m·sqrt(Σ (dW/m)²) with m = max |dW|,
    /// so that huge but finite gradients give a finite norm (and can be clipped) instead of overflowing.
    /// NaN if any gradient is NaN; +∞ if any is infinite.
    /// </summary>
    public static double GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
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

        var sum = 0.0;
        for (var i = 0; i < parameters.Count; i++)
        {
            sum += VectorOps.SumOfScaledSquares(parameters[i].Grad.Data, max);
        }

        return max * Math.Sqrt(sum);
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

        return norm;
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
        foreach (var p in parameters)
        {
            var g = p.Grad.Data;
            for (var i = 0; i < g.Length; i++)
            {
                g[i] = Math.Clamp(g[i], -clipValue, clipValue);
            }
        }

        return norm;
    }
}
