namespace GradientCourse;

/// <summary>
/// The few dense kernels the layers need, writing into caller-owned buffers so a training step
/// can reuse its memory. Plain loops in i-k-j order (unit stride inner loop); a faster engine can
/// replace them without touching the layers.
/// </summary>
internal static class MatrixKernels
{
    /// <summary>c = a · b.</summary>
    public static void Multiply(Matrix a, Matrix b, Matrix c)
    {
        RequireShapes(a.Cols == b.Rows && c.Rows == a.Rows && c.Cols == b.Cols, a, b, c, "a · b");
        var n = b.Cols;
        var cd = c.Data;
        Array.Clear(cd);
        for (var i = 0; i < a.Rows; i++)
        {
            var cRow = cd.AsSpan(i * n, n);
            for (var k = 0; k < a.Cols; k++)
            {
                var aik = a.Data[(i * a.Cols) + k];
                if (aik == 0)
                {
                    continue;
                }

                var bRow = b.Data.AsSpan(k * n, n);
                for (var j = 0; j < n; j++)
                {
                    cRow[j] += aik * bRow[j];
                }
            }
        }
    }

    /// <summary>c = aᵀ · b (a is k × m, b is k × n, c is m × n).</summary>
    public static void MultiplyTransposeA(Matrix a, Matrix b, Matrix c)
    {
        RequireShapes(a.Rows == b.Rows && c.Rows == a.Cols && c.Cols == b.Cols, a, b, c, "aᵀ · b");
        var n = b.Cols;
        var m = a.Cols;
        var cd = c.Data;
        Array.Clear(cd);
        for (var k = 0; k < a.Rows; k++)
        {
            var bRow = b.Data.AsSpan(k * n, n);
            for (var i = 0; i < m; i++)
            {
                var aki = a.Data[(k * m) + i];
                if (aki == 0)
                {
                    continue;
                }

                var cRow = cd.AsSpan(i * n, n);
                for (var j = 0; j < n; j++)
                {
                    cRow[j] += aki * bRow[j];
                }
            }
        }
    }

    /// <summary>c = a · bᵀ (a is m × k, b is n × k, c is m × n).</summary>
    public static void MultiplyTransposeB(Matrix a, Matrix b, Matrix c)
    {
        RequireShapes(a.Cols == b.Cols && c.Rows == a.Rows && c.Cols == b.Rows, a, b, c, "a · bᵀ");
        var k = a.Cols;
        for (var i = 0; i < a.Rows; i++)
        {
            var aRow = a.Data.AsSpan(i * k, k);
            for (var j = 0; j < b.Rows; j++)
            {
                var bRow = b.Data.AsSpan(j * k, k);
                var sum = 0.0;
                for (var p = 0; p < k; p++)
                {
                    sum += aRow[p] * bRow[p];
                }

                c.Data[(i * c.Cols) + j] = sum;
            }
        }
    }

    private static void RequireShapes(bool ok, Matrix a, Matrix b, Matrix c, string op)
    {
        if (!ok)
        {
            throw new ArgumentException(
                $"Shapes do not fit {op}: a is {a.Shape}, b is {b.Shape}, result is {c.Shape}; check the layer sizes (fanIn of a layer must equal the features of its input).");
        }
    }
}
