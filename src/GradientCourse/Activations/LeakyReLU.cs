namespace GradientCourse;

/// <summary>
/// Leaky ReLU: f(x) = x for x &gt; 0 and α·x otherwise; f'(x) = 1 for x &gt; 0 and α otherwise.
/// A small slope α (0.01 by default) keeps a gradient flowing through negative inputs, so units cannot die.
/// Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class LeakyReLU : Activation
{
    /// <summary>Leaky ReLU with slope <paramref name="alpha"/> for negative inputs; alpha must be in [0, 1).</summary>
    public LeakyReLU(double alpha = 0.01)
    {
        if (!double.IsFinite(alpha) || alpha < 0 || alpha >= 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(alpha), alpha, $"alpha must be in [0, 1) (the slope for negative inputs; 0.01 is usual), got {alpha}. For a slope ≥ 1 or a learnable one use PReLU.");
        }

        Alpha = alpha;
    }

    /// <summary>The slope α for x ≤ 0.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => "leaky_relu";

    /// <inheritdoc />
    public override bool HasKinkAtZero => true;

    /// <summary>[α]: torch.nn.LeakyReLU(α).</summary>
    public override IReadOnlyList<double>? TorchArguments => [Alpha];

    /// <summary>max(1, α) = 1, because α &lt; 1.</summary>
    public override double? MaxDerivative => Math.Max(1.0, Alpha);

    /// <inheritdoc />
    public override double Value(double x) => x > 0 ? x : Alpha * x;

    /// <summary>f'(x) = 1 for x &gt; 0, α otherwise (α at the kink x = 0 by convention).</summary>
    public override double Derivative(double x) => x > 0 ? 1.0 : Alpha;

    /// <inheritdoc />
    public override string ToString() => $"{Name}(alpha={Alpha})";
}
