namespace GradientCourse;

/// <summary>
/// Softplus f(x) = ln(1 + e^x), a smooth ReLU, computed stably as max(x, 0) + ln(1 + e^−|x|);
/// f'(x) = σ(x) = 1/(1 + e^−x) &lt; 1. Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class Softplus : Activation
{
    /// <inheritdoc />
    public override string Name => "softplus";

    /// <summary>sup f' = 1 (σ(x) → 1 as x → ∞, never reached).</summary>
    public override double? MaxDerivative => 1.0;

    /// <inheritdoc />
    public override double Value(double x) => StableMath.Softplus(x);

    /// <summary>f'(x) = σ(x).</summary>
    public override double Derivative(double x) => StableMath.Logistic(x);
}
