namespace GradientCourse;

/// <summary>
/// Mish (Misra 2019): f(x) = x·tanh(softplus(x)); with t = tanh(softplus(x)),
/// f'(x) = t + x·(1 − t²)·σ(x), because softplus' = σ. Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class Mish : Activation
{
    /// <inheritdoc />
    public override string Name => "mish";

    /// <inheritdoc />
    public override double Value(double x) => x * Math.Tanh(StableMath.Softplus(x));

    /// <summary>f'(x) = t + x·(1 − t²)·σ(x) with t = tanh(softplus(x)).</summary>
    public override double Derivative(double x)
    {
        var t = Math.Tanh(StableMath.Softplus(x));
        return t + (x * (1.0 - (t * t)) * StableMath.Logistic(x));
    }
}
