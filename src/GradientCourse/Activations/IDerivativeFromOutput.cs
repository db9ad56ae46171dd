namespace GradientCourse;

/// <summary>
/// An activation whose derivative is written from its output y = f(x) (sigmoid: y(1 − y), tanh: 1 − y²), as backprop
/// uses it: <see cref="Activation.Backward"/> multiplies in exactly <see cref="DerivativeFromOutput"/>. Telemetry reads the
/// local factors through it (no exp), so saturated and dead fractions count what backprop really multiplied in.
/// </summary>
public interface IDerivativeFromOutput
{
    /// <summary>dydx[i] = f'(x[i]) written from the output y[i] = f(x[i]).</summary>
    void DerivativeFromOutput(ReadOnlySpan<double> y, Span<double> dydx);
}
