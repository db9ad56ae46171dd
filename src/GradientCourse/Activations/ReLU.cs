namespace GradientCourse;

/// <summary>Rectified linear unit max(0, x); derivative 1 for x &gt; 0 and 0 otherwise (0 at x = 0 by convention).</summary>
public sealed class ReLU : Activation
{
    /// <inheritdoc />
    public override string Name => "relu";

    /// <inheritdoc />
    public override double? MaxDerivative => 1.0;

    /// <inheritdoc />
    public override double Value(double x) => x > 0 ? x : 0.0;

    /// <inheritdoc />
    public override double Derivative(double x) => x > 0 ? 1.0 : 0.0;
}
