using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GradientCourse;

/// <summary>Hyperbolic tangent; tanh' = 1 − tanh², at most 1 (at x = 0).</summary>
public sealed class Tanh : Activation, IDerivativeFromOutput
{
    /// <inheritdoc />
    public override string Name => "tanh";

    /// <inheritdoc />
    public override double? MaxDerivative => 1.0;

    /// <inheritdoc />
    public override bool Saturates => true;

    /// <inheritdoc />
    public override double Value(double x) => Math.Tanh(x);

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        RequireSameLength(x, y, nameof(y));
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = Math.Tanh(x[i]);
        }
    }

    /// <inheritdoc />
    public override void Derivative(ReadOnlySpan<double> x, Span<double> dydx)
    {
        RequireSameLength(x, dydx, nameof(dydx));
        for (var i = 0; i < x.Length; i++)
        {
            var c = Math.Cosh(x[i]);
            dydx[i] = 1.0 / (c * c);
        }
    }

    /// <summary>
    /// tanh'(x) = 1 − tanh(x)² = 1 / cosh²(x), evaluated from x so that saturated tails keep their digits
    /// (1 − tanh² rounds to 0 beyond |x| ≈ 19). <see cref="Backward"/> uses the output form 1 − y².
    /// </summary>
    public override double Derivative(double x)
    {
        var c = Math.Cosh(x);
        return 1.0 / (c * c);
    }

    /// <summary>tanh' = 1 − y² from the output y, vectorised: the factor <see cref="Backward"/> multiplies in.</summary>
    public void DerivativeFromOutput(ReadOnlySpan<double> y, Span<double> dydx)
    {
        RequireSameLength(y, dydx, nameof(dydx));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var yr = ref MemoryMarshal.GetReference(y);
            ref var dr = ref MemoryMarshal.GetReference(dydx);
            var one = Vector256<double>.One;
            for (; i <= y.Length - 4; i += 4)
            {
                var v = Vector256.LoadUnsafe(ref yr, (nuint)i);
                (one - (v * v)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < y.Length; i++)
        {
            dydx[i] = 1.0 - (y[i] * y[i]);
        }
    }

    /// <summary>dX = dY · (1 − y²), written from the output y = tanh(x).</summary>
    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        RequireSameLength(x, y, nameof(y));
        RequireSameLength(x, dY, nameof(dY));
        RequireSameLength(x, dX, nameof(dX));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var yr = ref MemoryMarshal.GetReference(y);
            ref var gr = ref MemoryMarshal.GetReference(dY);
            ref var dr = ref MemoryMarshal.GetReference(dX);
            var one = Vector256<double>.One;
            for (; i <= y.Length - 4; i += 4)
            {
                var yi = Vector256.LoadUnsafe(ref yr, (nuint)i);
                (Vector256.LoadUnsafe(ref gr, (nuint)i) * (one - (yi * yi))).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < y.Length; i++)
        {
            dX[i] = dY[i] * (1.0 - (y[i] * y[i]));
        }
    }
}
