namespace GradientCourse;

/// <summary>
/// Gaussian error linear unit (Hendrycks &amp; Gimpel 2016), exact form: f(x) = x·Φ(x) with the standard normal
/// CDF Φ(x) = ½(1 + erf(x/√2)); f'(x) = Φ(x) + x·φ(x), φ the normal density. The Transformer activation.
/// Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class GELU : Activation
{
    /// <inheritdoc />
    public override string Name => "gelu";

    /// <summary>
    /// sup |f'| = Φ(√2) + √2·φ(√2) ≈ 1.1289: f'' = φ(x)(2 − x²) vanishes at x = ±√2, the maximum is at +√2,
    /// the minimum f'(−√2) ≈ −0.1289, and f' → 1 or 0 at ±∞.
    /// </summary>
    public override double? MaxDerivative { get; } = StableMath.NormalCdf(Math.Sqrt(2.0)) + (Math.Sqrt(2.0) * StableMath.NormalPdf(Math.Sqrt(2.0)));

    /// <inheritdoc />
    public override double Value(double x) => x * StableMath.NormalCdf(x);

    /// <summary>f'(x) = Φ(x) + x·φ(x).</summary>
    public override double Derivative(double x) => StableMath.NormalCdf(x) + (x * StableMath.NormalPdf(x));
}
