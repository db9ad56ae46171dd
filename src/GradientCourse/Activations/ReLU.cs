using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GradientCourse;

/// <summary>Rectified linear unit max(0, x); derivative 1 for x &gt; 0 and 0 otherwise (0 at x = 0 by convention).</summary>
public sealed class ReLU : Activation
{
    /// <inheritdoc />
    public override string Name => "relu";

    /// <inheritdoc />
    public override bool HasKinkAtZero => true;

    /// <inheritdoc />
    public override double? MaxDerivative => 1.0;

    /// <inheritdoc />
    public override double Value(double x) => x > 0 ? x : 0.0;

    /// <inheritdoc />
    public override double Derivative(double x) => x > 0 ? 1.0 : 0.0;

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        RequireSameLength(x, y, nameof(y));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var xr = ref MemoryMarshal.GetReference(x);
            ref var yr = ref MemoryMarshal.GetReference(y);
            for (; i <= x.Length - 4; i += 4)
            {
                var xi = Vector256.LoadUnsafe(ref xr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(xi, Vector256<double>.Zero), xi, Vector256<double>.Zero).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] > 0 ? x[i] : 0.0;
        }
    }

    /// <inheritdoc />
    public override void Derivative(ReadOnlySpan<double> x, Span<double> dydx)
    {
        RequireSameLength(x, dydx, nameof(dydx));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var xr = ref MemoryMarshal.GetReference(x);
            ref var dr = ref MemoryMarshal.GetReference(dydx);
            for (; i <= x.Length - 4; i += 4)
            {
                var xi = Vector256.LoadUnsafe(ref xr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(xi, Vector256<double>.Zero), Vector256<double>.One, Vector256<double>.Zero).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            dydx[i] = x[i] > 0 ? 1.0 : 0.0;
        }
    }

    /// <summary>dX = dY · [x &gt; 0] (a multiply, as the scalar form: ±∞ · 0 stays NaN).</summary>
    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        RequireSameLength(x, y, nameof(y));
        RequireSameLength(x, dY, nameof(dY));
        RequireSameLength(x, dX, nameof(dX));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var xr = ref MemoryMarshal.GetReference(x);
            ref var gr = ref MemoryMarshal.GetReference(dY);
            ref var dr = ref MemoryMarshal.GetReference(dX);
            for (; i <= x.Length - 4; i += 4)
            {
                var mask = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256<double>.Zero), Vector256<double>.One, Vector256<double>.Zero);
                (Vector256.LoadUnsafe(ref gr, (nuint)i) * mask).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            dX[i] = dY[i] * (x[i] > 0 ? 1.0 : 0.0);
        }
    }
}
