namespace GradientCourse;

/// <summary>
/// Exponential linear unit (Clevert et al. 2015): f(x) = x for x &gt; 0 and α(e^x − 1) otherwise;
/// f'(x) = 1 for x &gt; 0 and α·e^x = f(x) + α otherwise. Negative outputs (down to −α) push mean
/// activations toward 0. Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class ELU : Activation
{
    /// <summary>ELU with saturation value −<paramref name="alpha"/> for very negative inputs; alpha must be finite and ≥ 0.</summary>
    public ELU(double alpha = 1.0)
    {
        if (!double.IsFinite(alpha) || alpha < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(alpha), alpha, $"alpha must be a finite number ≥ 0 (the value −alpha is approached for very negative x; 1.0 is usual), got {alpha}.");
        }

        Alpha = alpha;
    }

    /// <summary>α: f(x) → −α as x → −∞.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => "elu";

    /// <summary>sup |f'| = max(1, α): f' is 1 for x &gt; 0 and α·e^x &lt; α for x ≤ 0.</summary>
    public override double? MaxDerivative => Math.Max(1.0, Alpha);

    /// <inheritdoc />
    public override double Value(double x) => x > 0 ? x : Alpha * StableMath.ExpM1(x);

    /// <summary>f'(x) = 1 for x &gt; 0, α·e^x otherwise.</summary>
    public override double Derivative(double x) => x > 0 ? 1.0 : Alpha * Math.Exp(x);

    /// <summary>dX = dY · f', with f' = y + α for x ≤ 0 written from the output y (no second exponential).</summary>
    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        RequireSameLength(x, y, nameof(y));
        RequireSameLength(x, dY, nameof(dY));
        RequireSameLength(x, dX, nameof(dX));
        for (var i = 0; i < x.Length; i++)
        {
            dX[i] = dY[i] * (x[i] > 0 ? 1.0 : y[i] + Alpha);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}(alpha={Alpha})";
}
