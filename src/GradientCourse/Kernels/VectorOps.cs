using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GradientCourse.Kernels;

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

    /// <summary>
    /// Σ (v · scale)², with the lane layout of <see cref="SumOfSquares"/>: for a power-of-two scale (what the global
    /// norm passes, so the scaling is exact) it equals scale² · SumOfSquares bit for bit unless something under- or overflows.
    /// </summary>
    public static double SumOfScaledSquares(ReadOnlySpan<double> values, double scale)
    {
        var i = 0;
        var total = 0.0;
        if (Vector256.IsHardwareAccelerated && values.Length >= 16)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            var s = Vector256.Create(scale);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            var s2 = Vector256<double>.Zero;
            var s3 = Vector256<double>.Zero;
            for (; i <= values.Length - 16; i += 16)
            {
                var a = Vector256.LoadUnsafe(ref v, (nuint)i) * s;
                var b = Vector256.LoadUnsafe(ref v, (nuint)(i + 4)) * s;
                var c = Vector256.LoadUnsafe(ref v, (nuint)(i + 8)) * s;
                var d = Vector256.LoadUnsafe(ref v, (nuint)(i + 12)) * s;
                s0 += a * a;
                s1 += b * b;
                s2 += c * c;
                s3 += d * d;
            }

            total = Vector256.Sum((s0 + s1) + (s2 + s3));
        }

        for (; i < values.Length; i++)
        {
            var scaled = values[i] * scale;
            total += scaled * scaled;
        }

        return total;
    }

    /// <summary>
    /// One pass over a rows × cols block of derivatives (row-major): returns how many are below
    /// <paramref name="threshold"/> and ORs, per column, an all-ones mask into <paramref name="nonZero"/> when any row
    /// has a non-zero entry (the caller clears it; a column still 0 afterwards had f' = 0 for every example).
    /// </summary>
    public static int CountBelowAndMarkNonZeroColumns(ReadOnlySpan<double> values, int cols, double threshold, Span<ulong> nonZero)
    {
        if (cols <= 0 || values.Length % cols != 0 || nonZero.Length < cols)
        {
            throw new ArgumentException($"values ({values.Length}) must be whole rows of {cols} columns and nonZero must hold {cols} masks.", nameof(cols));
        }

        var rows = values.Length / cols;
        var vectorCols = Vector256.IsHardwareAccelerated ? cols & ~3 : 0;
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var z = ref MemoryMarshal.GetReference(nonZero);
        var t = Vector256.Create(threshold);
        var below = Vector256<long>.Zero;
        var count = 0;
        for (var r = 0; r < rows; r++)
        {
            var rowStart = (nuint)(r * cols);
            var c = 0;
            for (; c < vectorCols; c += 4)
            {
                var d = Vector256.LoadUnsafe(ref v, rowStart + (nuint)c);
                below -= Vector256.LessThan(d, t).AsInt64(); // a true lane is −1
                var marks = Vector256.LoadUnsafe(ref z, (nuint)c) | ~Vector256.Equals(d, Vector256<double>.Zero).AsUInt64();
                marks.StoreUnsafe(ref z, (nuint)c);
            }

            for (; c < cols; c++)
            {
                var d = values[(int)rowStart + c];
                if (d < threshold)
                {
                    count++;
                }

                if (d != 0)
                {
                    nonZero[c] = ulong.MaxValue;
                }
            }
        }

        return count + (int)Vector256.Sum(below);
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/> and returns the population standard
    /// deviation of the source, in the same pass (sums shifted by the first element: exact 0 for constant data).
    /// </summary>
    public static double CopyAndStd(ReadOnlySpan<double> source, Span<double> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, source has {source.Length}.", nameof(destination));
        }

        return source.Length == 0 ? 0 : ShiftedStd(source, ReadOnlySpan<double>.Empty, destination);
    }

    /// <summary>Population standard deviation of a[i] − b[i], one pass (shifted by the first difference).</summary>
    public static double StdOfDifferences(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (b.Length < a.Length)
        {
            throw new ArgumentException($"b holds {b.Length} values, a has {a.Length}.", nameof(b));
        }

        return a.Length == 0 ? 0 : ShiftedStd(a, b, Span<double>.Empty);
    }

    /// <summary>
    /// std of x = a − b (x = a when <paramref name="b"/> is empty) from Σ (x − s) and Σ (x − s)² with s = x[0], one
    /// pass, storing a into <paramref name="copy"/> on the way unless it is empty. Because s is a data point the
    /// shifted sums do not suffer the cancellation of the textbook one-pass formula unless the spread is tiny next to
    /// |mean − x[0]|, which a weight matrix or its update does not have.
    /// </summary>
    private static double ShiftedStd(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> copy)
    {
        var n = a.Length;
        var subtract = !b.IsEmpty;
        var store = !copy.IsEmpty;
        var shift = subtract ? a[0] - b[0] : a[0];
        var i = 0;
        var sum = 0.0;
        var squares = 0.0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            ref var ar = ref MemoryMarshal.GetReference(a);
            ref var br = ref MemoryMarshal.GetReference(b);
            ref var cr = ref MemoryMarshal.GetReference(copy);
            var s = Vector256.Create(shift);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            var q0 = Vector256<double>.Zero;
            var q1 = Vector256<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var x0 = Vector256.LoadUnsafe(ref ar, (nuint)i);
                var x1 = Vector256.LoadUnsafe(ref ar, (nuint)(i + 4));
                if (store)
                {
                    x0.StoreUnsafe(ref cr, (nuint)i);
                    x1.StoreUnsafe(ref cr, (nuint)(i + 4));
                }

                if (subtract)
                {
                    x0 -= Vector256.LoadUnsafe(ref br, (nuint)i);
                    x1 -= Vector256.LoadUnsafe(ref br, (nuint)(i + 4));
                }

                x0 -= s;
                x1 -= s;
                s0 += x0;
                s1 += x1;
                q0 += x0 * x0;
                q1 += x1 * x1;
            }

            sum = Vector256.Sum(s0 + s1);
            squares = Vector256.Sum(q0 + q1);
        }

        for (; i < n; i++)
        {
            if (store)
            {
                copy[i] = a[i];
            }

            var x = (subtract ? a[i] - b[i] : a[i]) - shift;
            sum += x;
            squares += x * x;
        }

        return StdFromShiftedSums(sum, squares, n);
    }

    private static double StdFromShiftedSums(double sum, double squares, int n)
    {
        var variance = (squares - (sum * sum / n)) / n;
        return variance > 0 ? Math.Sqrt(variance) : 0;
    }
}
