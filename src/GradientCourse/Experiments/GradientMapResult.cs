namespace GradientCourse;

/// <summary>One row of the gradient map: an activation with an initializer, log10(‖dW₁‖ / ‖dW_L‖) per depth.</summary>
/// <param name="Activation">Activation name, e.g. "sigmoid".</param>
/// <param name="Initializer">Initializer (Keras) name, e.g. "glorot_uniform".</param>
/// <param name="Log10Ratio">log10 of the first-to-last gradient-norm ratio, one value per depth of the map.</param>
public sealed record GradientMapRow(string Activation, string Initializer, IReadOnlyList<double> Log10Ratio)
{
    /// <summary>"activation · initializer", the row's label in charts.</summary>
    public string Label => $"{Activation} · {Initializer}";
}

/// <summary>The output of <see cref="GradientMap.Compute"/>: rows = activation × initializer, columns = depths.</summary>
/// <param name="Depths">Numbers of Dense layers L, one per column.</param>
/// <param name="Rows">One row per activation × initializer, grouped by activation.</param>
/// <param name="Width">Units per hidden layer (and input features).</param>
/// <param name="SeedCount">Seeds averaged per cell.</param>
public sealed record GradientMapResult(IReadOnlyList<int> Depths, IReadOnlyList<GradientMapRow> Rows, int Width, int SeedCount)
{
    /// <summary>The row of <paramref name="activation"/> with <paramref name="initializer"/> (names, case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such row.</exception>
    public GradientMapRow Row(string activation, string initializer) =>
        Rows.FirstOrDefault(r => string.Equals(r.Activation, activation, StringComparison.OrdinalIgnoreCase)
                                 && string.Equals(r.Initializer, initializer, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"The map has no row '{activation} · {initializer}'; rows are: {string.Join(", ", Rows.Select(r => r.Label))}.", nameof(activation));

    /// <summary>‖dW₁‖ / ‖dW_L‖ (geometric mean over seeds) of one cell.</summary>
    /// <exception cref="ArgumentException">No such row or depth.</exception>
    public double Ratio(string activation, string initializer, int depth)
    {
        var column = IndexOf(depth);
        return Math.Pow(10, Row(activation, initializer).Log10Ratio[column]);
    }

    /// <summary>The column of <paramref name="depth"/>.</summary>
    /// <exception cref="ArgumentException">The map has no such depth.</exception>
    public int IndexOf(int depth)
    {
        for (var i = 0; i < Depths.Count; i++)
        {
            if (Depths[i] == depth)
            {
                return i;
            }
        }

        throw new ArgumentException($"The map has no depth {depth}; depths are: {string.Join(", ", Depths)}.", nameof(depth));
    }
}
