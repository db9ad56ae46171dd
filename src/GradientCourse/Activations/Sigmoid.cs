using System.Runtime.Intrinsics;

namespace GradientCourse;

/// <summary>Sigmoid σ(x) = 1 / (1 + e^−x); σ' = σ(1 − σ), at most 0.25 (at x = 0).</summary>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc />
    public override string Name => "sigmoid";

    /// <inheritdoc />
    public override double? MaxDerivative => 0.25;

    /// <inheritdoc />
    public override bool Saturates => true;

    /// <inheritdoc />
    public override double Value(double x)
    {
        // 1 / (1 + e^−x) for x ≥ 0, e^x / (1 + e^x) below: no overflow on either side. One exp: e^−|x| is e^−x or e^x.
        var e = Math.Exp(-Math.Abs(x));
        return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        RequireSameLength(x, y, nameof(y));
        for (var i = 0; i < x.Length; i++)
        {
            var xi = x[i];
            var e = Math.Exp(-Math.Abs(xi));
            y[i] = xi >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        }
    }

    /// <inheritdoc />
    public override void Derivative(ReadOnlySpan<double> x, Span<double> dydx)
    {
        RequireSameLength(x, dydx, nameof(dydx));
        for (var i = 0; i < x.Length; i++)
        {
            var e = Math.Exp(-Math.Abs(x[i]));
            dydx[i] = e / ((1.0 + e) * (1.0 + e));
        }
    }

    /// <summary>
    /// σ'(x) = σ(x)(1 − σ(x)) = e^−|x| / (1 + e^−|x|)², evaluated from x so that saturated tails keep their digits
    /// (1 − σ(x) rounds to 0 beyond x ≈ 37). <see cref="Backward"/> uses the output form, as backprop does.
    /// </summary>
    public override double Derivative(double x)
    {
        var e = Math.Exp(-Math.Abs(x));
        return e / ((1.0 + e) * (1.0 + e));
    }

    /// <summary>σ' = y(1 − y) from the output y, vectorised: the factor <see cref="Backward"/> multiplies in.</summary>
    internal override void DerivativeForTelemetry(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> dydx)
    {
        RequireSameLength(x, y, nameof(y));
        RequireSameLength(x, dydx, nameof(dydx));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<double>.One;
            for (; i <= y.Length - 4; i += 4)
            {
                var v = Vector256.Create(y.Slice(i, 4));
                (v * (one - v)).CopyTo(dydx.Slice(i, 4));
            }
        }

        for (; i < y.Length; i++)
        {
            dydx[i] = y[i] * (1.0 - y[i]);
        }
    }

    /// <summary>dX = dY · y(1 − y), written from the output y = σ(x).</summary>
    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        RequireSameLength(x, y, nameof(y));
        RequireSameLength(x, dY, nameof(dY));
        RequireSameLength(x, dX, nameof(dX));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<double>.One;
            for (; i <= y.Length - 4; i += 4)
            {
                var yi = Vector256.Create(y.Slice(i, 4));
                (Vector256.Create(dY.Slice(i, 4)) * yi * (one - yi)).CopyTo(dX.Slice(i, 4));
            }
        }

        for (; i < y.Length; i++)
        {
            dX[i] = dY[i] * y[i] * (1.0 - y[i]);
        }
    }
}
