namespace GradientCourse;

/// <summary>Hyperbolic tangent; tanh' = 1 − tanh², at most 1 (at x = 0).</summary>
public sealed class Tanh : Activation
{
    /// <inheritdoc />
    public override string Name => "tanh";

    /// <inheritdoc />
    public override double? MaxDerivative => 1.0;

    /// <inheritdoc />
    public override bool Saturates => true;

    /// <inheritdoc />
    public override double Value(double x) => Math.Tanh(x);

    /// <summary>tanh'(x) = 1 − tanh(x)², written from the output.</summary>
    public override double Derivative(double x)
    {
        var t = Math.Tanh(x);
        return 1.0 - (t * t);
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        RequireSameLength(x, y, nameof(y));
        RequireSameLength(x, dY, nameof(dY));
        RequireSameLength(x, dX, nameof(dX));
        for (var i = 0; i < y.Length; i++)
        {
            dX[i] = dY[i] * (1.0 - (y[i] * y[i]));
        }
    }
}
