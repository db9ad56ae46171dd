namespace GradientCourse;

/// <summary>
/// A weight initializer: draws a fanIn × fanOut matrix from a seeded random source.
/// Introduced in notebooks/05-initialization.ipynb.
/// </summary>
public abstract class Initializer
{
    /// <summary>The Keras name, e.g. "he_normal".</summary>
    public abstract string Name { get; }

    /// <summary>Draws weights of shape fanIn × fanOut.</summary>
    public Matrix Sample(int fanIn, int fanOut, Random random)
    {
        RequireFans(fanIn, fanOut);
        ArgumentNullException.ThrowIfNull(random);
        var w = new Matrix(fanIn, fanOut);
        Fill(w, random);
        return w;
    }

    /// <summary>The variance of each weight that the formula promises, e.g. 2/fanIn for He.</summary>
    public abstract double Variance(int fanIn, int fanOut);

    /// <summary>Fills <paramref name="weights"/> (fanIn × fanOut) in place.</summary>
    protected abstract void Fill(Matrix weights, Random random);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>
    /// Throws when a fan is not positive, or when fanIn × fanOut weights exceed what one .NET array can hold,
    /// naming the fan, the size and <paramref name="layer"/> (when given).
    /// </summary>
    internal static void RequireFans(int fanIn, int fanOut, string? layer = null)
    {
        var of = layer is null ? "" : $" of layer '{layer}'";
        if (fanIn <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fanIn), fanIn, $"fanIn{of} must be positive (the number of inputs to the layer), got {fanIn}.");
        }

        if (fanOut <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fanOut), fanOut, $"fanOut{of} must be positive (the number of units in the layer), got {fanOut}.");
        }

        var weights = (long)fanIn * fanOut;
        if (weights > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                fanIn >= fanOut ? nameof(fanIn) : nameof(fanOut),
                fanIn >= fanOut ? fanIn : fanOut,
                $"The weights{of} would be {fanIn} × {fanOut} = {weights} numbers ({weights * 8.0 / (1L << 30):0.#} GiB), more than the " +
                $"{Array.MaxLength} one array can hold; use far fewer units (hidden layers of 16–1024 units are typical).");
        }
    }
}
