namespace GradientCourse;

/// <summary>
/// Exponential linear unit (Clevert et al. 2015): f(x) = x for x &gt; 0 and α(e^x − 1) otherwise;
/// f'(x) = 1 for x &gt; 0 and α·e^x otherwise. (That equals f(x) + α, written from the output, but the
/// output form cancels to nothing in the saturated tail where f(x) ≈ −α, so f' is computed from x.)
/// Negative outputs (down to −α) push mean activations toward 0. Introduced in notebooks/06-relu-family.ipynb.
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

    /// <inheritdoc />
    public override bool HasKinkAtZero => true;

    /// <summary>[α]: torch.nn.ELU(α).</summary>
    public override IReadOnlyList<double>? TorchArguments => [Alpha];

    /// <summary>sup |f'| = max(1, α): f' is 1 for x &gt; 0 and α·e^x &lt; α for x ≤ 0.</summary>
    public override double? MaxDerivative => Math.Max(1.0, Alpha);

    /// <inheritdoc />
    public override double Value(double x) => x > 0 ? x : Alpha * StableMath.ExpM1(x);

    /// <summary>f'(x) = 1 for x &gt; 0, α·e^x otherwise.</summary>
    public override double Derivative(double x) => x > 0 ? 1.0 : Alpha * Math.Exp(x);

    /// <inheritdoc />
    public override string ToString() => $"{Name}(alpha={Alpha})";
}
