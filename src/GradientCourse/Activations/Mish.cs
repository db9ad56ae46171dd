namespace GradientCourse;

/// <summary>
/// Mish (Misra 2019): f(x) = x·tanh(softplus(x)); with t = tanh(softplus(x)),
/// f'(x) = t + x·(1 − t²)·σ(x), because softplus' = σ. Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class Mish : Activation
{
    /// <summary>sup f' ≈ 1.0886 at x ≈ 1.19, where f' has its one peak on [0, 4].</summary>
    private static readonly double PeakSlope = StableMath.PeakOnInterval(Slope, 0, 4);

    /// <inheritdoc />
    public override string Name => "mish";

    /// <summary>sup |f'| ≈ 1.0886 (the dip of f' below 0 for negative x reaches only ≈ −0.11).</summary>
    public override double? MaxDerivative => PeakSlope;

    /// <inheritdoc />
    public override double Value(double x) => x * Math.Tanh(StableMath.Softplus(x));

    /// <summary>f'(x) = t + x·(1 − t²)·σ(x) with t = tanh(softplus(x)).</summary>
    public override double Derivative(double x) => Slope(x);

    private static double Slope(double x)
    {
        var t = Math.Tanh(StableMath.Softplus(x));
        return t + (x * (1.0 - (t * t)) * StableMath.Logistic(x));
    }
}
