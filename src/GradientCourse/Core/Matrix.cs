using GradientCourse.Kernels;

namespace GradientCourse;

/// <summary>
/// A dense row-major matrix of doubles, the library's one numeric container.
/// A batch is a matrix of Rows = examples × Cols = features; a weight matrix is fanIn × fanOut.
/// </summary>
public sealed class Matrix
{
    /// <summary>Creates a Rows × Cols matrix of zeros.</summary>
    public Matrix(int rows, int cols)
        : this(rows, cols, new double[CheckedLength(rows, cols)])
    {
    }

    /// <summary>Wraps row-major <paramref name="data"/> (not copied) as a Rows × Cols matrix.</summary>
    public Matrix(int rows, int cols, double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var length = CheckedLength(rows, cols);
        if (data.Length != length)
        {
            throw new ArgumentException(
                $"data has {data.Length} values but a {rows} × {cols} matrix needs {length}; pass exactly rows·cols values in row-major order.",
                nameof(data));
        }

        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>Number of rows (examples in a batch, or fanIn for weights).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (features, or fanOut for weights).</summary>
    public int Cols { get; }

    /// <summary>The row-major storage: element (r, c) is Data[r·Cols + c].</summary>
    public double[] Data { get; }

    /// <summary>Rows · Cols.</summary>
    public int Length => Data.Length;

    /// <summary>The shape as text, e.g. "32 × 10".</summary>
    public string Shape => $"{Rows} × {Cols}";

    /// <summary>Element (row, col).</summary>
    public double this[int row, int col]
    {
        get => Data[Index(row, col)];
        set => Data[Index(row, col)] = value;
    }

    /// <summary>One row as a span over the storage.</summary>
    public Span<double> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {Rows - 1}].");
        }

        return Data.AsSpan(row * Cols, Cols);
    }

    /// <summary>One column, copied.</summary>
    public double[] Column(int col)
    {
        if ((uint)col >= (uint)Cols)
        {
            throw new ArgumentOutOfRangeException(nameof(col), col, $"col must be in [0, {Cols - 1}].");
        }

        var result = new double[Rows];
        for (var r = 0; r < Rows; r++)
        {
            result[r] = Data[(r * Cols) + col];
        }

        return result;
    }

    /// <summary>Builds a matrix from equally long rows.</summary>
    public static Matrix FromRows(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("rows is empty; pass at least one row.", nameof(rows));
        }

        var cols = rows[0].Count;
        var m = new Matrix(rows.Count, cols);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Count != cols)
            {
                throw new ArgumentException(
                    $"row {r} has {rows[r].Count} values but row 0 has {cols}; all rows must have the same length.",
                    nameof(rows));
            }

            for (var c = 0; c < cols; c++)
            {
                m.Data[(r * cols) + c] = rows[r][c];
            }
        }

        return m;
    }

    /// <summary>A column vector (n × 1) from values.</summary>
    public static Matrix ColumnVector(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Matrix(values.Count, 1, values.ToArray());
    }

    /// <summary>A Rows × Cols matrix with every element equal to <paramref name="value"/>.</summary>
    public static Matrix Filled(int rows, int cols, double value)
    {
        var m = new Matrix(rows, cols);
        Array.Fill(m.Data, value);
        return m;
    }

    /// <summary>The rows as jagged arrays (copies).</summary>
    public double[][] ToRows()
    {
        var result = new double[Rows][];
        for (var r = 0; r < Rows; r++)
        {
            result[r] = Row(r).ToArray();
        }

        return result;
    }

    /// <summary>A deep copy.</summary>
    public Matrix Clone() => new(Rows, Cols, (double[])Data.Clone());

    /// <summary>Copies this matrix's values into <paramref name="destination"/> of the same shape.</summary>
    public void CopyTo(Matrix destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequireSameShape(this, destination, nameof(destination));
        Data.AsSpan().CopyTo(destination.Data);
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(double value) => Array.Fill(Data, value);

    /// <summary>The rows selected by <paramref name="rowIndices"/>, in that order (a minibatch).</summary>
    public Matrix SelectRows(ReadOnlySpan<int> rowIndices)
    {
        var m = new Matrix(rowIndices.Length, Cols);
        for (var i = 0; i < rowIndices.Length; i++)
        {
            Row(rowIndices[i]).CopyTo(m.Data.AsSpan(i * Cols, Cols));
        }

        return m;
    }

    /// <summary>Matrix product: returns a · b (a.Cols must equal b.Rows).</summary>
    public static Matrix Multiply(Matrix a, Matrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = new Matrix(a.Rows, b.Cols);
        MatrixKernels.Multiply(a, b, c);
        return c;
    }

    /// <summary>The transpose.</summary>
    public Matrix Transpose()
    {
        var t = new Matrix(Cols, Rows);
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Cols; c++)
            {
                t.Data[(c * Rows) + r] = Data[(r * Cols) + c];
            }
        }

        return t;
    }

    /// <summary>Frobenius norm: sqrt(Σ x²).</summary>
    public double FrobeniusNorm()
    {
        var sum = 0.0;
        foreach (var v in Data)
        {
            sum += v * v;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Mean of all elements.</summary>
    public double Mean() => Data.Average();

    /// <summary>Population standard deviation of all elements: sqrt(Σ (x − mean)² / n).</summary>
    public double StandardDeviation()
    {
        var mean = Mean();
        var sum = 0.0;
        foreach (var v in Data)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / Data.Length);
    }

    /// <summary>Largest absolute difference to <paramref name="other"/> of the same shape.</summary>
    public double MaxAbsDifference(Matrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        RequireSameShape(this, other, nameof(other));
        var max = 0.0;
        for (var i = 0; i < Data.Length; i++)
        {
            max = Math.Max(max, Math.Abs(Data[i] - other.Data[i]));
        }

        return max;
    }

    /// <summary>True when no element is NaN or infinite.</summary>
    public bool IsFinite()
    {
        foreach (var v in Data)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        const int show = 6;
        var lines = new List<string> { $"Matrix {Shape}" };
        for (var r = 0; r < Math.Min(Rows, show); r++)
        {
            var cells = Enumerable.Range(0, Math.Min(Cols, show)).Select(c => this[r, c].ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
            lines.Add("  [" + string.Join(", ", cells) + (Cols > show ? ", …" : string.Empty) + "]");
        }

        if (Rows > show)
        {
            lines.Add("  …");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary><paramref name="buffer"/> when it has shape rows × cols, else a new zero matrix: layers and losses keep their outputs across steps.</summary>
    internal static Matrix Reuse(Matrix? buffer, int rows, int cols) =>
        buffer is not null && buffer.Rows == rows && buffer.Cols == cols ? buffer : new Matrix(rows, cols);

    /// <summary>Throws an ArgumentException naming <paramref name="argumentName"/> when shapes differ.</summary>
    internal static void RequireSameShape(Matrix expected, Matrix actual, string argumentName)
    {
        if (expected.Rows != actual.Rows || expected.Cols != actual.Cols)
        {
            throw new ArgumentException(
                $"{argumentName} has shape {actual.Shape} but {expected.Shape} is required; pass a matrix of the same shape.",
                argumentName);
        }
    }

    private static int CheckedLength(int rows, int cols)
    {
        if (rows <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be positive; a matrix needs at least one row.");
        }

        if (cols <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cols), cols, "cols must be positive; a matrix needs at least one column.");
        }

        var length = (long)rows * cols;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                rows >= cols ? nameof(rows) : nameof(cols),
                rows >= cols ? rows : cols,
                $"A {rows} × {cols} matrix would have {length} elements, more than the {Array.MaxLength} one array can hold; use smaller dimensions.");
        }

        return (int)length;
    }

    private int Index(int row, int col)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {col}) is outside a {Shape} matrix.");
        }

        return (row * Cols) + col;
    }
}
