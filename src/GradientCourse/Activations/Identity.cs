namespace GradientCourse;

/// <summary>Identity f(x) = x; f' = 1 (the output layer of a regression net).</summary>
public sealed class Identity : Activation
{
    /// <inheritdoc />
    public override string Name => "identity";

    /// <inheritdoc />
    public override double? MaxDerivative => 1.0;

    /// <inheritdoc />
    public override double Value(double x) => x;

    /// <inheritdoc />
    public override double Derivative(double x) => 1.0;
}
