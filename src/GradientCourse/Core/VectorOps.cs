using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GradientCourse;

/// <summary>
/// Element-wise span helpers for the training hot loop, vectorised with <see cref="Vector256{T}"/> and a scalar tail.
/// Element-wise results equal the scalar loops bit for bit (same operations per element, no fused multiply-add);
/// reductions use a fixed lane layout, so they are deterministic but may differ from a left-to-right scalar sum in the last bits.
/// </summary>
internal static class VectorOps
{
    /// <summary>dst[i] += src[i].</summary>
    public static void AddInPlace(Span<double> dst, ReadOnlySpan<double> src)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var d = ref MemoryMarshal.GetReference(dst);
            ref var s = ref MemoryMarshal.GetReference(src);
            for (; i <= dst.Length - 4; i += 4)
            {
                (Vector256.LoadUnsafe(ref d, (nuint)i) + Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < dst.Length; i++)
        {
            dst[i] += src[i];
        }
    }

    /// <summary>w[i] −= rate · g[i] (multiply, then subtract: identical to the scalar update).</summary>
    public static void SubtractScaled(Span<double> w, ReadOnlySpan<double> g, double rate)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var wr = ref MemoryMarshal.GetReference(w);
            ref var gr = ref MemoryMarshal.GetReference(g);
            var r = Vector256.Create(rate);
            for (; i <= w.Length - 4; i += 4)
            {
                (Vector256.LoadUnsafe(ref wr, (nuint)i) - (r * Vector256.LoadUnsafe(ref gr, (nuint)i))).StoreUnsafe(ref wr, (nuint)i);
            }
        }

        for (; i < w.Length; i++)
        {
            w[i] -= rate * g[i];
        }
    }

    /// <summary>Index of the first NaN or ±∞, or −1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - 16; i += 16)
            {
                var a = Vector256.LoadUnsafe(ref v, (nuint)i);
                var b = Vector256.LoadUnsafe(ref v, (nuint)(i + 4));
                var c = Vector256.LoadUnsafe(ref v, (nuint)(i + 8));
                var d = Vector256.LoadUnsafe(ref v, (nuint)(i + 12));

                // x − x is 0 for finite x and NaN for NaN/±∞; NaN ≠ NaN
                var s = (a - a) + (b - b) + (c - c) + (d - d);
                if (!Vector256.EqualsAll(s, s))
                {
                    break; // locate it with the scalar loop
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Σ v², four lanes of four accumulators then a fixed-order combine.</summary>
    public static double SumOfSquares(ReadOnlySpan<double> values)
    {
        var i = 0;
        var total = 0.0;
        if (Vector256.IsHardwareAccelerated && values.Length >= 16)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            var s2 = Vector256<double>.Zero;
            var s3 = Vector256<double>.Zero;
            for (; i <= values.Length - 16; i += 16)
            {
                var a = Vector256.LoadUnsafe(ref v, (nuint)i);
                var b = Vector256.LoadUnsafe(ref v, (nuint)(i + 4));
                var c = Vector256.LoadUnsafe(ref v, (nuint)(i + 8));
                var d = Vector256.LoadUnsafe(ref v, (nuint)(i + 12));
                s0 += a * a;
                s1 += b * b;
                s2 += c * c;
                s3 += d * d;
            }

            total = Vector256.Sum((s0 + s1) + (s2 + s3));
        }

        for (; i < values.Length; i++)
        {
            total += values[i] * values[i];
        }

        return total;
    }

    /// <summary>Σ (a[i] − b[i]) and Σ (a[i] − b[i] − shift)² in two fixed-order passes, for the update:data ratio.</summary>
    public static double SumOfDifferences(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        var total = 0.0;
        if (Vector256.IsHardwareAccelerated && a.Length >= 8)
        {
            ref var ar = ref MemoryMarshal.GetReference(a);
            ref var br = ref MemoryMarshal.GetReference(b);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (; i <= a.Length - 8; i += 8)
            {
                s0 += Vector256.LoadUnsafe(ref ar, (nuint)i) - Vector256.LoadUnsafe(ref br, (nuint)i);
                s1 += Vector256.LoadUnsafe(ref ar, (nuint)(i + 4)) - Vector256.LoadUnsafe(ref br, (nuint)(i + 4));
            }

            total = Vector256.Sum(s0 + s1);
        }

        for (; i < a.Length; i++)
        {
            total += a[i] - b[i];
        }

        return total;
    }

    /// <summary>Σ (a[i] − b[i] − shift)².</summary>
    public static double SumOfSquaredDifferences(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double shift)
    {
        var i = 0;
        var total = 0.0;
        if (Vector256.IsHardwareAccelerated && a.Length >= 8)
        {
            ref var ar = ref MemoryMarshal.GetReference(a);
            ref var br = ref MemoryMarshal.GetReference(b);
            var m = Vector256.Create(shift);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (; i <= a.Length - 8; i += 8)
            {
                var d0 = Vector256.LoadUnsafe(ref ar, (nuint)i) - Vector256.LoadUnsafe(ref br, (nuint)i) - m;
                var d1 = Vector256.LoadUnsafe(ref ar, (nuint)(i + 4)) - Vector256.LoadUnsafe(ref br, (nuint)(i + 4)) - m;
                s0 += d0 * d0;
                s1 += d1 * d1;
            }

            total = Vector256.Sum(s0 + s1);
        }

        for (; i < a.Length; i++)
        {
            var d = a[i] - b[i] - shift;
            total += d * d;
        }

        return total;
    }

    /// <summary>Σ v and Σ (v − mean)² (two passes, fixed lane order): mean and population standard deviation.</summary>
    public static (double Mean, double Std) MeanAndStd(ReadOnlySpan<double> values)
    {
        var i = 0;
        var sum = 0.0;
        ref var v = ref MemoryMarshal.GetReference(values);
        if (Vector256.IsHardwareAccelerated && values.Length >= 8)
        {
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (; i <= values.Length - 8; i += 8)
            {
                s0 += Vector256.LoadUnsafe(ref v, (nuint)i);
                s1 += Vector256.LoadUnsafe(ref v, (nuint)(i + 4));
            }

            sum = Vector256.Sum(s0 + s1);
        }

        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        var mean = sum / values.Length;
        i = 0;
        var squares = 0.0;
        if (Vector256.IsHardwareAccelerated && values.Length >= 8)
        {
            var m = Vector256.Create(mean);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (; i <= values.Length - 8; i += 8)
            {
                var d0 = Vector256.LoadUnsafe(ref v, (nuint)i) - m;
                var d1 = Vector256.LoadUnsafe(ref v, (nuint)(i + 4)) - m;
                s0 += d0 * d0;
                s1 += d1 * d1;
            }

            squares = Vector256.Sum(s0 + s1);
        }

        for (; i < values.Length; i++)
        {
            var d = values[i] - mean;
            squares += d * d;
        }

        return (mean, Math.Sqrt(squares / values.Length));
    }

    /// <summary>max |v|, or NaN when any element is NaN.</summary>
    public static double MaxAbs(ReadOnlySpan<double> values)
    {
        var i = 0;
        var max = 0.0;
        if (Vector256.IsHardwareAccelerated && values.Length >= 4)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            var m = Vector256<double>.Zero;
            var nan = Vector256<double>.Zero;
            for (; i <= values.Length - 4; i += 4)
            {
                var x = Vector256.LoadUnsafe(ref v, (nuint)i);
                nan |= ~Vector256.Equals(x, x);
                m = Vector256.Max(m, Vector256.Abs(x));
            }

            if (nan != Vector256<double>.Zero)
            {
                return double.NaN;
            }

            for (var lane = 0; lane < 4; lane++)
            {
                max = Math.Max(max, m[lane]);
            }
        }

        for (; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                return double.NaN;
            }

            max = Math.Max(max, Math.Abs(values[i]));
        }

        return max;
    }

    /// <summary>Σ (v / scale)².</summary>
    public static double SumOfScaledSquares(ReadOnlySpan<double> values, double scale)
    {
        var i = 0;
        var total = 0.0;
        if (Vector256.IsHardwareAccelerated && values.Length >= 8)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            var s = Vector256.Create(scale);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (; i <= values.Length - 8; i += 8)
            {
                var a = Vector256.LoadUnsafe(ref v, (nuint)i) / s;
                var b = Vector256.LoadUnsafe(ref v, (nuint)(i + 4)) / s;
                s0 += a * a;
                s1 += b * b;
            }

            total = Vector256.Sum(s0 + s1);
        }

        for (; i < values.Length; i++)
        {
            var scaled = values[i] / scale;
            total += scaled * scaled;
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Select(Vector256<double> mask, Vector256<double> ifTrue, Vector256<double> ifFalse) =>
        Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
}
