namespace GradientCourse;

/// <summary>
/// Every weight equal to one value (zeros, ones, or any constant); the variance is 0. A cautionary tale:
/// all units of a layer then compute the same thing and receive the same gradient, so they stay identical
/// (notebooks/05-initialization.ipynb shows it).
/// </summary>
public sealed class ConstantInitializer : Initializer
{
    internal ConstantInitializer(string name, double value)
    {
        StableMath.RequireFinite(value, nameof(value), "pass the constant every weight gets, e.g. 0.0 or 1.0.");
        Name = name;
        Value = value;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The constant.</summary>
    public double Value { get; }

    /// <summary>0: every weight is the same.</summary>
    public override double Variance(int fanIn, int fanOut)
    {
        RequireFans(fanIn, fanOut);
        return 0.0;
    }

    /// <summary>Fills with the constant; <paramref name="random"/> is not used.</summary>
    protected override void Fill(Matrix weights, Random random) => weights.Fill(Value);

    /// <inheritdoc />
    public override string ToString() => Name == "constant" ? $"{Name}({Value})" : Name;
}
