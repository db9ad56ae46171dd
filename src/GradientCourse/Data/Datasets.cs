namespace GradientCourse;

/// <summary>Small seeded toy problems for the notebooks: same seed, same data, on every machine.</summary>
public static class Datasets
{
    /// <summary>Regression: x ~ U(−1, 1), y = sin(3x) + noise·N(0, 1); n × 1 inputs and targets.</summary>
    public static Dataset Regression1D(int n, int seed, double noise = 0.1)
    {
        RequireCount(n);
        RequireNoise(noise);
        var random = Seeds.Create(seed);
        var x = new Matrix(n, 1);
        var y = new Matrix(n, 1);
        for (var i = 0; i < n; i++)
        {
            x.Data[i] = random.NextUniform(-1, 1);
            y.Data[i] = Math.Sin(3 * x.Data[i]) + (noise * random.NextGaussian());
        }

        return new Dataset(x, y);
    }

    /// <summary>
    /// Two interleaving half circles ("moons") in 2-D plus N(0, noise²) jitter; label 0 for the upper moon
    /// (cos t, sin t) and 1 for the lower one (1 − cos t, 0.5 − sin t), t ~ U(0, π). Classes alternate row by row; y is n × 1.
    /// </summary>
    public static Dataset TwoMoons(int n, double noise, int seed)
    {
        RequireCount(n);
        RequireNoise(noise);
        var random = Seeds.Create(seed);
        var x = new Matrix(n, 2);
        var y = new Matrix(n, 1);
        for (var i = 0; i < n; i++)
        {
            var t = random.NextUniform(0, Math.PI);
            var label = i % 2;
            x[i, 0] = (label == 0 ? Math.Cos(t) : 1 - Math.Cos(t)) + (noise * random.NextGaussian());
            x[i, 1] = (label == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t)) + (noise * random.NextGaussian());
            y.Data[i] = label;
        }

        return new Dataset(x, y);
    }

    /// <summary>
    /// <paramref name="classes"/> interleaved spiral arms in 2-D (radius r ∈ [0, 1], angle 4r + 2πk/classes + noise·N(0, 1));
    /// y is one-hot, n × classes; rows cycle through the classes.
    /// </summary>
    public static Dataset Spirals(int n, int classes, double noise, int seed)
    {
        RequireCount(n);
        RequireNoise(noise);
        if (classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "classes must be at least 2 (3 is the classic picture).");
        }

        var random = Seeds.Create(seed);
        var x = new Matrix(n, 2);
        var y = new Matrix(n, classes);
        for (var i = 0; i < n; i++)
        {
            var k = i % classes;
            var r = random.NextDouble();
            var angle = (4 * r) + (2 * Math.PI * k / classes) + (noise * random.NextGaussian());
            x[i, 0] = r * Math.Cos(angle);
            x[i, 1] = r * Math.Sin(angle);
            y[i, k] = 1;
        }

        return new Dataset(x, y);
    }

    /// <summary>Each column shifted and scaled to mean 0 and standard deviation 1: (x − mean) / std (constant columns are only centered). Returns a new matrix.</summary>
    public static Matrix Standardize(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = x.Clone();
        for (var c = 0; c < x.Cols; c++)
        {
            var mean = 0.0;
            for (var r = 0; r < x.Rows; r++)
            {
                mean += x[r, c];
            }

            mean /= x.Rows;
            var variance = 0.0;
            for (var r = 0; r < x.Rows; r++)
            {
                variance += (x[r, c] - mean) * (x[r, c] - mean);
            }

            var std = Math.Sqrt(variance / x.Rows);
            var scale = std > 0 ? 1 / std : 1;
            for (var r = 0; r < x.Rows; r++)
            {
                result[r, c] = (x[r, c] - mean) * scale;
            }
        }

        return result;
    }

    /// <summary>The same data set with standardized inputs (targets unchanged).</summary>
    public static Dataset Standardize(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data with { X = Standardize(data.X) };
    }

    private static void RequireCount(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive: the number of examples to generate (200 is plenty for a notebook).");
        }
    }

    private static void RequireNoise(double noise)
    {
        if (!(noise >= 0) || !double.IsFinite(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be a finite number ≥ 0 (the standard deviation of the added Gaussian noise).");
        }
    }
}
