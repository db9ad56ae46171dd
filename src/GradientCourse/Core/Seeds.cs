namespace GradientCourse;

/// <summary>Seeded randomness: same seed, same numbers, on every machine.</summary>
public static class Seeds
{
    /// <summary>A <see cref="Random"/> seeded with <paramref name="seed"/> (the deterministic, seed-stable algorithm).</summary>
    public static Random Create(int seed) => new(seed);

    /// <summary>A standard normal sample N(0, 1) by the Box–Muller transform (two uniforms per sample, deterministic).</summary>
    public static double NextGaussian(this Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble(); // (0, 1]: log is finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A uniform sample in [low, high).</summary>
    public static double NextUniform(this Random random, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(random);
        return low + ((high - low) * random.NextDouble());
    }

    /// <summary>A random permutation of 0..n-1 (Fisher–Yates).</summary>
    public static int[] Permutation(this Random random, int n)
    {
        ArgumentNullException.ThrowIfNull(random);
        var p = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }
}
