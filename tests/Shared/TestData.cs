using GradientCourse;

namespace GradientCourse.Tests;

/// <summary>Shared test helpers (tests/Shared, compiled into every test project): seeded batches and tolerance checks.</summary>
internal static class TestData
{
    /// <summary>A rows × cols matrix of N(0, scale²) values from <paramref name="seed"/>.</summary>
    public static Matrix Gaussian(int rows, int cols, int seed, double scale = 1.0)
    {
        var random = Seeds.Create(seed);
        var m = new Matrix(rows, cols);
        for (var i = 0; i < m.Length; i++)
        {
            m.Data[i] = scale * random.NextGaussian();
        }

        return m;
    }

    /// <summary>Like <see cref="Gaussian"/> but with every |value| at least <paramref name="gap"/> (away from kinks at 0).</summary>
    public static Matrix AwayFromZero(int rows, int cols, int seed, double gap = 0.05)
    {
        var m = Gaussian(rows, cols, seed);
        for (var i = 0; i < m.Length; i++)
        {
            m.Data[i] += m.Data[i] >= 0 ? gap : -gap;
        }

        return m;
    }

    /// <summary>Rows that are one-hot: class (r·7 + seed) mod cols for row r.</summary>
    public static Matrix OneHot(int rows, int cols, int seed)
    {
        var m = new Matrix(rows, cols);
        for (var r = 0; r < rows; r++)
        {
            m[r, ((r * 7) + seed) % cols] = 1.0;
        }

        return m;
    }

    /// <summary>Values in (0, 1), usable as BCE targets (soft labels).</summary>
    public static Matrix Probabilities(int rows, int cols, int seed)
    {
        var random = Seeds.Create(seed);
        var m = new Matrix(rows, cols);
        for (var i = 0; i < m.Length; i++)
        {
            m.Data[i] = random.NextDouble();
        }

        return m;
    }

    /// <summary>Asserts |actual − expected| ≤ relative·|expected| + absolute, with a readable message.</summary>
    public static void Close(double expected, double actual, double relative, double absolute = 0.0, string what = "value")
    {
        var tolerance = (relative * Math.Abs(expected)) + absolute;
        Assert.True(
            Math.Abs(actual - expected) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(actual - expected):E3} > tolerance {tolerance:E3}).");
    }
}
