namespace GradientCourse;

/// <summary>
/// Swish (Ramachandran et al. 2017): f(x) = x·σ(βx); with β = 1 it is SiLU. f'(x) = σ(βx) + βx·σ(βx)(1 − σ(βx)).
/// Smooth, non-monotonic, unbounded above. Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class Swish : Activation
{
    /// <summary>Swish with slope parameter <paramref name="beta"/> (finite; 1 gives SiLU).</summary>
    public Swish(double beta = 1.0)
    {
        StableMath.RequireFinite(beta, nameof(beta), "pass the slope inside the sigmoid, e.g. 1.0 (SiLU).");
        Beta = beta;
    }

    /// <summary>β in x·σ(βx).</summary>
    public double Beta { get; }

    /// <summary>sup f' for β = 1 (SiLU): ≈ 1.0998 at x ≈ 2.3994, where f' has its one peak on [0, 6].</summary>
    private static readonly double SiluPeakSlope = StableMath.PeakOnInterval(
        t =>
        {
            var s = StableMath.Logistic(t);
            return s + (t * s * (1.0 - s));
        },
        0,
        6);

    /// <inheritdoc />
    public override string Name => "swish";

    /// <summary>
    /// sup |f'| ≈ 1.0998 for any β ≠ 0 (f'(x) depends on βx only, so β rescales where the peak is, not its height; the
    /// dip below 0 reaches only ≈ −0.0998); 0.5 for β = 0, where f(x) = x/2.
    /// </summary>
    public override double? MaxDerivative => Beta == 0 ? 0.5 : SiluPeakSlope;

    /// <summary>torch.nn.SiLU takes no argument and is β = 1 only: null (no counterpart) for other β.</summary>
    public override IReadOnlyList<double>? TorchArguments => Beta == 1.0 ? [] : null;

    /// <inheritdoc />
    public override double Value(double x) => x * StableMath.Logistic(Beta * x);

    /// <summary>f'(x) = σ(βx) + βx·σ(βx)(1 − σ(βx)).</summary>
    public override double Derivative(double x)
    {
        var s = StableMath.Logistic(Beta * x);
        return s + (Beta * x * s * (1.0 - s));
    }

    /// <inheritdoc />
    public override string ToString() => Beta == 1.0 ? Name : $"{Name}(beta={Beta})";
}
