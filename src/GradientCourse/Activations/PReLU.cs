namespace GradientCourse;

/// <summary>
/// Parametric ReLU (He et al. 2015): f(x) = x for x &gt; 0 and α·x otherwise, f'(x) = 1 or α.
/// This is the function with a fixed α (0.25, the paper's initial value) for charts and span use;
/// <see cref="PReLULayer"/> learns α by gradient descent. Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class PReLU : Activation
{
    /// <summary>PReLU with the fixed slope <paramref name="alpha"/> for negative inputs (any finite value).</summary>
    public PReLU(double alpha = 0.25)
    {
        StableMath.RequireFinite(alpha, nameof(alpha), "pass the slope for negative inputs, e.g. 0.25.");
        Alpha = alpha;
    }

    /// <summary>The slope α for x ≤ 0.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => "prelu";

    /// <inheritdoc />
    public override bool HasKinkAtZero => true;

    /// <summary>[α]: torch.nn.LeakyReLU(α).</summary>
    public override IReadOnlyList<double>? TorchArguments => [Alpha];

    /// <summary>sup |f'| = max(1, |α|): f' takes only the values 1 and α.</summary>
    public override double? MaxDerivative => Math.Max(1.0, Math.Abs(Alpha));

    /// <inheritdoc />
    public override double Value(double x) => x > 0 ? x : Alpha * x;

    /// <summary>f'(x) = 1 for x &gt; 0, α otherwise (α at the kink x = 0 by convention).</summary>
    public override double Derivative(double x) => x > 0 ? 1.0 : Alpha;

    /// <inheritdoc />
    public override string ToString() => $"{Name}(alpha={Alpha})";
}
