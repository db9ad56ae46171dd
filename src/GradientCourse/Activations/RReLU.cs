namespace GradientCourse;

/// <summary>
/// Randomized leaky ReLU (Xu et al. 2015, "Empirical Evaluation of Rectified Activations in Convolutional Network"):
/// f(x) = x for x &gt; 0 and a·x otherwise. In training the slope a is drawn per element and per pass from
/// U(lower, upper) (1/8 and 1/3 in the paper); in evaluation it is fixed to (lower + upper) / 2, which is what
/// <see cref="Value"/>, <see cref="Derivative(double)"/> and the span forms compute. Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class RReLU : Activation, IStochasticActivation
{
    /// <summary>RReLU with slopes drawn from U(<paramref name="lower"/>, <paramref name="upper"/>); 0 ≤ lower ≤ upper &lt; 1.</summary>
    public RReLU(double lower = 1.0 / 8, double upper = 1.0 / 3)
    {
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower < 0 || upper < lower || upper >= 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(upper), upper, $"need 0 ≤ lower ≤ upper < 1 (the range of the random negative slope; the paper uses 1/8 and 1/3), got lower = {lower}, upper = {upper}.");
        }

        Lower = lower;
        Upper = upper;
    }

    /// <summary>The smallest slope drawn in training.</summary>
    public double Lower { get; }

    /// <summary>The largest slope drawn in training.</summary>
    public double Upper { get; }

    /// <summary>The slope used in evaluation: (lower + upper) / 2, the mean of the training draws.</summary>
    public double EvalSlope => (Lower + Upper) / 2;

    /// <inheritdoc />
    public override string Name => "rrelu";

    /// <inheritdoc />
    public override bool HasKinkAtZero => true;

    /// <summary>[lower, upper]: torch.nn.RReLU(lower, upper), which uses (lower + upper) / 2 in eval mode too.</summary>
    public override IReadOnlyList<double>? TorchArguments => [Lower, Upper];

    /// <summary>1: f' is 1 for x &gt; 0 and a slope below 1 otherwise.</summary>
    public override double? MaxDerivative => 1.0;

    /// <summary>f(x) in evaluation: x for x &gt; 0, (lower + upper)/2 · x otherwise.</summary>
    public override double Value(double x) => x > 0 ? x : EvalSlope * x;

    /// <summary>f'(x) in evaluation: 1 for x &gt; 0, (lower + upper)/2 otherwise (the slope at the kink x = 0 by convention).</summary>
    public override double Derivative(double x) => x > 0 ? 1.0 : EvalSlope;

    /// <summary>Training: for x ≤ 0 draws a ~ U(lower, upper), y = a·x and dydx = a; for x &gt; 0, y = x and dydx = 1.</summary>
    public void ForwardTraining(ReadOnlySpan<double> x, Span<double> y, Span<double> dydx, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        RequireSameLength(x, y, nameof(y));
        RequireSameLength(x, dydx, nameof(dydx));
        for (var i = 0; i < x.Length; i++)
        {
            var slope = x[i] > 0 ? 1.0 : random.NextUniform(Lower, Upper);
            y[i] = slope * x[i];
            dydx[i] = slope;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}(lower={Lower}, upper={Upper})";
}

/// <summary>The RReLU factory of the facade.</summary>
public static partial class Activations
{
    /// <summary>RReLU: slopes for x &lt; 0 drawn from U(lower, upper) in training, (lower + upper)/2 in evaluation (Xu et al. 2015).</summary>
    public static RReLU RReLU(double lower = 1.0 / 8, double upper = 1.0 / 3) => new(lower, upper);
}
