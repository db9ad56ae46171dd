using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GradientCourse;

/// <summary>Sigmoid σ(x) = 1 / (1 + e^−x); σ' = σ(1 − σ), at most 0.25 (at x = 0).</summary>
public sealed class Sigmoid : Activation, IDerivativeFromOutput
{
    /// <inheritdoc />
    public override string Name => "sigmoid";

    /// <inheritdoc />
    public override double? MaxDerivative => 0.25;

    /// <inheritdoc />
    public override bool Saturates => true;

    /// <summary>
    /// σ(x) = 1 / (1 + e^−x), computed as e = e^−|x|, then 1 / (1 + e) for x ≥ 0 and e / (1 + e) below (never overflows).
    /// </summary>
    /// <remarks>
    /// Why one lane of the vector kernel rather than <see cref="Math.Exp(double)"/>: the span form (<see cref="Forward"/>,
    /// what layers run) must equal this value bit for bit — tests and notebooks compare a layer's outputs with
    /// <c>Sigmoid.Value</c> exactly, and a value must not depend on where in a span it sits — while
    /// <see cref="Vector256.Exp(Vector256{double})"/> may differ from Math.Exp by up to 2 ulp (tested within 4 ulp of a
    /// Math.Exp reference). So the formula is written once, in <see cref="Kernel"/>, per element as scalar code would be.
    /// </remarks>
    public override double Value(double x) => Kernel(Vector256.Create(x)).ToScalar();

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        RequireSameLength(x, y, nameof(y));
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        for (; i <= x.Length - 4; i += 4)
        {
            Kernel(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        // the last 1–3 elements go through the same kernel (padded), so a value never depends on its position
        if (i < x.Length)
        {
            Span<double> pad = stackalloc double[4];
            x[i..].CopyTo(pad);
            var tail = Kernel(Vector256.Create((ReadOnlySpan<double>)pad));
            for (var lane = 0; i < x.Length; i++, lane++)
            {
                y[i] = tail.GetElement(lane);
            }
        }
    }

    /// <summary>The four-lane σ: e = e^−|x|; x ≥ 0 ? 1 / (1 + e) : e / (1 + e). NaN stays NaN; ±∞ give 1 and 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Kernel(Vector256<double> x)
    {
        var e = Vector256.Exp(-Vector256.Abs(x));
        var onePlusE = Vector256<double>.One + e;
        return Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(x, Vector256<double>.Zero), Vector256<double>.One / onePlusE, e / onePlusE);
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
                (v * (one - v)).StoreUnsafe(ref dr, (nuint)i);
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
            ref var yr = ref MemoryMarshal.GetReference(y);
            ref var gr = ref MemoryMarshal.GetReference(dY);
            ref var dr = ref MemoryMarshal.GetReference(dX);
            var one = Vector256<double>.One;
            for (; i <= y.Length - 4; i += 4)
            {
                var yi = Vector256.LoadUnsafe(ref yr, (nuint)i);
                (Vector256.LoadUnsafe(ref gr, (nuint)i) * yi * (one - yi)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < y.Length; i++)
        {
            dX[i] = dY[i] * y[i] * (1.0 - y[i]);
        }
    }
}
