namespace GradientCourse;

/// <summary>
/// Scaled ELU (Klambauer et al. 2017): f(x) = λx for x &gt; 0 and λα(e^x − 1) otherwise, with
/// λ = 1.0507009873554805 and α = 1.6732632423543772 chosen so that, with LeCun-normal weights, activations
/// keep mean 0 and variance 1 layer after layer (self-normalizing). f'(x) = λ for x &gt; 0 and λα·e^x otherwise
/// (computed from x, not as f(x) + λα from the output, which cancels to nothing in the saturated tail).
/// Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class SELU : Activation
{
    /// <summary>λ, the scale.</summary>
    public const double Lambda = 1.0507009873554805;

    /// <summary>α, so that f(x) → −λα ≈ −1.7581 as x → −∞.</summary>
    public const double Alpha = 1.6732632423543772;

    /// <inheritdoc />
    public override string Name => "selu";

    /// <inheritdoc />
    public override bool HasKinkAtZero => true;

    /// <summary>sup |f'| = λα ≈ 1.7581, approached as x → 0⁻ (λα·e^x grows to λα; for x &gt; 0 f' = λ &lt; λα).</summary>
    public override double? MaxDerivative => Lambda * Alpha;

    /// <inheritdoc />
    public override double Value(double x) => x > 0 ? Lambda * x : Lambda * Alpha * StableMath.ExpM1(x);

    /// <summary>f'(x) = λ for x &gt; 0, λα·e^x otherwise.</summary>
    public override double Derivative(double x) => x > 0 ? Lambda : Lambda * Alpha * Math.Exp(x);
}
