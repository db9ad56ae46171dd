using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GradientCourse.Kernels;

/// <summary>
/// The few dense kernels the layers need, writing into caller-owned buffers so a training step
/// can reuse its memory. All three products go through one packed, cache-blocked GEMM
/// (GotoBLAS-style: KC × NC panels of b, MC × KC blocks of a, a 4 × 8 register-blocked micro-kernel
/// with Vector256 fused multiply-adds). Transposes are handled by the packing (strides), so aᵀ·b and
/// a·bᵀ cost the same as a·b.
/// </summary>
/// <remarks>
/// Determinism: every element c[i, j] is summed in the same order (p = 0 … k−1, in KC-sized chunks, each chunk
/// accumulated from zero in registers and then added to c) no matter how the work is split, so results are
/// bit-identical run to run. Every product runs on the calling thread (the training step is single-threaded; the
/// machines this course targets have few cores, and notebooks run several kernels side by side).
/// </remarks>
internal static class MatrixKernels
{
    private const int MR = 4;
    private const int NR = 8;
    private const int KC = 256;
    private const int MC = 128;
    private const int NC = 512;

    [ThreadStatic]
    private static double[]? packA;

    [ThreadStatic]
    private static double[]? packB;

    /// <summary>c = a · b.</summary>
    public static void Multiply(Matrix a, Matrix b, Matrix c)
    {
        RequireShapes(a.Cols == b.Rows && c.Rows == a.Rows && c.Cols == b.Cols, a, b, c, "a · b");
        Gemm(a.Rows, b.Cols, a.Cols, a.Data, a.Cols, 1, b.Data, b.Cols, 1, c.Data);
    }

    /// <summary>c = aᵀ · b (a is k × m, b is k × n, c is m × n).</summary>
    public static void MultiplyTransposeA(Matrix a, Matrix b, Matrix c)
    {
        RequireShapes(a.Rows == b.Rows && c.Rows == a.Cols && c.Cols == b.Cols, a, b, c, "aᵀ · b");
        Gemm(a.Cols, b.Cols, a.Rows, a.Data, 1, a.Cols, b.Data, b.Cols, 1, c.Data);
    }

    /// <summary>c = a · bᵀ (a is m × k, b is n × k, c is m × n).</summary>
    public static void MultiplyTransposeB(Matrix a, Matrix b, Matrix c)
    {
        RequireShapes(a.Cols == b.Cols && c.Rows == a.Rows && c.Cols == b.Rows, a, b, c, "a · bᵀ");
        Gemm(a.Rows, b.Rows, a.Cols, a.Data, a.Cols, 1, b.Data, 1, b.Cols, c.Data);
    }

    /// <summary>
    /// c (m × n, row-major, leading dimension n) = A · B where A(i, p) = a[i·rsA + p·csA] and B(p, j) = b[p·rsB + j·csB].
    /// </summary>
    internal static void Gemm(int m, int n, int k, double[] a, int rsA, int csA, double[] b, int rsB, int csB, double[] c)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            Array.Clear(c, 0, m * n);
            return;
        }

        for (var jc = 0; jc < n; jc += NC)
        {
            Panel(jc, m, n, k, a, rsA, csA, b, rsB, csB, c);
        }
    }

    /// <summary>Columns jc … jc + NC − 1 of c: for each KC slice of k, pack B once, then every MC block of A.</summary>
    private static void Panel(int jc, int m, int n, int k, double[] a, int rsA, int csA, double[] b, int rsB, int csB, double[] c)
    {
        var nc = Math.Min(NC, n - jc);
        var ncPadded = RoundUp(nc, NR);
        var bufB = packB ??= new double[KC * NC];
        var bufA = packA ??= new double[MC * KC];
        for (var pc = 0; pc < k; pc += KC)
        {
            var kc = Math.Min(KC, k - pc);
            PackB(b, rsB, csB, pc, kc, jc, nc, bufB);
            for (var ic = 0; ic < m; ic += MC)
            {
                var mc = Math.Min(MC, m - ic);
                PackA(a, rsA, csA, ic, mc, pc, kc, bufA);
                for (var jr = 0; jr < ncPadded; jr += NR)
                {
                    var cols = Math.Min(NR, nc - jr);
                    var bOffset = jr * kc;
                    for (var ir = 0; ir < mc; ir += MR)
                    {
                        var rows = Math.Min(MR, mc - ir);
                        var cOffset = ((ic + ir) * n) + jc + jr;
                        if (Vector256.IsHardwareAccelerated)
                        {
                            MicroKernel(kc, bufA, ir * kc, bufB, bOffset, c, cOffset, n, rows, cols, pc > 0);
                        }
                        else
                        {
                            MicroKernelScalar(kc, bufA, ir * kc, bufB, bOffset, c, cOffset, n, rows, cols, pc > 0);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs A(ic…ic+mc, pc…pc+kc) as MR-row slivers, k-major (sliver s, step p, row r at s·MR·kc + p·MR + r), zero-padded.</summary>
    private static void PackA(double[] a, int rsA, int csA, int ic, int mc, int pc, int kc, double[] dst)
    {
        var o = 0;
        for (var ir = 0; ir < mc; ir += MR)
        {
            var rows = Math.Min(MR, mc - ir);
            if (csA == 1 && rows == MR)
            {
                // rows contiguous in memory: gather four rows step by step
                var r0 = ((ic + ir) * rsA) + pc;
                var r1 = r0 + rsA;
                var r2 = r1 + rsA;
                var r3 = r2 + rsA;
                for (var p = 0; p < kc; p++)
                {
                    dst[o] = a[r0 + p];
                    dst[o + 1] = a[r1 + p];
                    dst[o + 2] = a[r2 + p];
                    dst[o + 3] = a[r3 + p];
                    o += MR;
                }
            }
            else if (rsA == 1 && rows == MR)
            {
                // A is a transpose: the four rows of a sliver are adjacent in memory (one vector per step)
                ref var src = ref MemoryMarshal.GetArrayDataReference(a);
                ref var d = ref MemoryMarshal.GetArrayDataReference(dst);
                var s0 = (pc * csA) + ic + ir;
                if (s0 + ((kc - 1) * csA) + MR > a.Length || o + (kc * MR) > dst.Length)
                {
                    throw new InvalidOperationException("PackA: block outside the matrix (a bug in the blocking).");
                }

                for (var p = 0; p < kc; p++)
                {
                    Vector256.LoadUnsafe(ref src, (nuint)(s0 + (p * csA))).StoreUnsafe(ref d, (nuint)o);
                    o += MR;
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    for (var r = 0; r < MR; r++)
                    {
                        dst[o + r] = r < rows ? a[((ic + ir + r) * rsA) + ((pc + p) * csA)] : 0.0;
                    }

                    o += MR;
                }
            }
        }
    }

    /// <summary>Packs B(pc…pc+kc, jc…jc+nc) as NR-column slivers, k-major (sliver s, step p, column c at s·NR·kc + p·NR + c), zero-padded.</summary>
    private static void PackB(double[] b, int rsB, int csB, int pc, int kc, int jc, int nc, double[] dst)
    {
        var o = 0;
        for (var jr = 0; jr < nc; jr += NR)
        {
            var cols = Math.Min(NR, nc - jr);
            if (csB == 1 && cols == NR)
            {
                // rows of B contiguous: two vectors per step
                ref var src = ref MemoryMarshal.GetArrayDataReference(b);
                ref var d = ref MemoryMarshal.GetArrayDataReference(dst);
                var s0 = (pc * rsB) + jc + jr;
                if (s0 + ((kc - 1) * rsB) + NR > b.Length || o + (kc * NR) > dst.Length)
                {
                    throw new InvalidOperationException("PackB: panel outside the matrix (a bug in the blocking).");
                }

                for (var p = 0; p < kc; p++)
                {
                    var at = (nuint)(s0 + (p * rsB));
                    Vector256.LoadUnsafe(ref src, at).StoreUnsafe(ref d, (nuint)o);
                    Vector256.LoadUnsafe(ref src, at + 4).StoreUnsafe(ref d, (nuint)(o + 4));
                    o += NR;
                }
            }
            else if (rsB == 1 && cols == NR)
            {
                // B is a transpose: walk eight rows of the stored matrix side by side
                var c0 = (jc + jr) * csB;
                for (var p = 0; p < kc; p++)
                {
                    var s = c0 + pc + p;
                    dst[o] = b[s];
                    dst[o + 1] = b[s + csB];
                    dst[o + 2] = b[s + (2 * csB)];
                    dst[o + 3] = b[s + (3 * csB)];
                    dst[o + 4] = b[s + (4 * csB)];
                    dst[o + 5] = b[s + (5 * csB)];
                    dst[o + 6] = b[s + (6 * csB)];
                    dst[o + 7] = b[s + (7 * csB)];
                    o += NR;
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    for (var col = 0; col < NR; col++)
                    {
                        dst[o + col] = col < cols ? b[((pc + p) * rsB) + ((jc + jr + col) * csB)] : 0.0;
                    }

                    o += NR;
                }
            }
        }
    }

    /// <summary>C[MR × NR block] (+)= Apanel · Bpanel over kc steps, 8 Vector256 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(int kc, double[] ap, int aOffset, double[] bp, int bOffset, double[] c, int cOffset, int ldc, int rows, int cols, bool accumulate)
    {
        ref var a = ref MemoryMarshal.GetArrayDataReference(ap);
        ref var b = ref MemoryMarshal.GetArrayDataReference(bp);
        a = ref Unsafe.Add(ref a, aOffset);
        b = ref Unsafe.Add(ref b, bOffset);
        var c00 = Vector256<double>.Zero;
        var c01 = Vector256<double>.Zero;
        var c10 = Vector256<double>.Zero;
        var c11 = Vector256<double>.Zero;
        var c20 = Vector256<double>.Zero;
        var c21 = Vector256<double>.Zero;
        var c30 = Vector256<double>.Zero;
        var c31 = Vector256<double>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, 4);
            var a0 = Vector256.Create(a);
            c00 = MulAdd(a0, b0, c00);
            c01 = MulAdd(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = MulAdd(a1, b0, c10);
            c11 = MulAdd(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = MulAdd(a2, b0, c20);
            c21 = MulAdd(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = MulAdd(a3, b0, c30);
            c31 = MulAdd(a3, b1, c31);
            a = ref Unsafe.Add(ref a, MR);
            b = ref Unsafe.Add(ref b, NR);
        }

        if (rows == MR && cols == NR)
        {
            ref var c0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(c), cOffset);
            Store(ref c0, c00, c01, accumulate);
            Store(ref Unsafe.Add(ref c0, ldc), c10, c11, accumulate);
            Store(ref Unsafe.Add(ref c0, 2 * ldc), c20, c21, accumulate);
            Store(ref Unsafe.Add(ref c0, 3 * ldc), c30, c31, accumulate);
            return;
        }

        Span<double> tile = stackalloc double[MR * NR];
        ref var t = ref MemoryMarshal.GetReference(tile);
        c00.StoreUnsafe(ref t, 0);
        c01.StoreUnsafe(ref t, 4);
        c10.StoreUnsafe(ref t, 8);
        c11.StoreUnsafe(ref t, 12);
        c20.StoreUnsafe(ref t, 16);
        c21.StoreUnsafe(ref t, 20);
        c30.StoreUnsafe(ref t, 24);
        c31.StoreUnsafe(ref t, 28);
        WriteTile(tile, c, cOffset, ldc, rows, cols, accumulate);
    }

    /// <summary>The same block product without SIMD (for CPUs where Vector256 is not accelerated), same summation order.</summary>
    private static void MicroKernelScalar(int kc, double[] ap, int aOffset, double[] bp, int bOffset, double[] c, int cOffset, int ldc, int rows, int cols, bool accumulate)
    {
        Span<double> tile = stackalloc double[MR * NR];
        tile.Clear();
        for (var p = 0; p < kc; p++)
        {
            var ao = aOffset + (p * MR);
            var bo = bOffset + (p * NR);
            for (var r = 0; r < MR; r++)
            {
                var ar = ap[ao + r];
                for (var col = 0; col < NR; col++)
                {
                    tile[(r * NR) + col] = Math.FusedMultiplyAdd(ar, bp[bo + col], tile[(r * NR) + col]);
                }
            }
        }

        WriteTile(tile, c, cOffset, ldc, rows, cols, accumulate);
    }

    private static void WriteTile(ReadOnlySpan<double> tile, double[] c, int cOffset, int ldc, int rows, int cols, bool accumulate)
    {
        for (var r = 0; r < rows; r++)
        {
            var dst = c.AsSpan(cOffset + (r * ldc), cols);
            var src = tile.Slice(r * NR, cols);
            if (accumulate)
            {
                for (var col = 0; col < cols; col++)
                {
                    dst[col] += src[col];
                }
            }
            else
            {
                src.CopyTo(dst);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double c, Vector256<double> lo, Vector256<double> hi, bool accumulate)
    {
        if (accumulate)
        {
            lo += Vector256.LoadUnsafe(ref c);
            hi += Vector256.LoadUnsafe(ref c, 4);
        }

        lo.StoreUnsafe(ref c);
        hi.StoreUnsafe(ref c, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : Vector256.FusedMultiplyAdd(a, b, c);

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static void RequireShapes(bool ok, Matrix a, Matrix b, Matrix c, string op)
    {
        if (!ok)
        {
            throw new ArgumentException(
                $"Shapes do not fit {op}: a is {a.Shape}, b is {b.Shape}, result is {c.Shape}; check the layer sizes (fanIn of a layer must equal the features of its input).");
        }
    }
}
