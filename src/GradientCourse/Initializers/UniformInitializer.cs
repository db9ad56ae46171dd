namespace GradientCourse;

/// <summary>Weights ~ U(−limit, +limit); the variance is limit²/3.</summary>
public sealed class UniformInitializer : Initializer
{
    private readonly Func<int, int, double> limit;

    internal UniformInitializer(string name, Func<int, int, double> limit)
    {
        Name = name;
        this.limit = limit;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The bound of the interval for these fans.</summary>
    public double Limit(int fanIn, int fanOut)
    {
        RequireFans(fanIn, fanOut);
        return limit(fanIn, fanOut);
    }

    /// <inheritdoc />
    public override double Variance(int fanIn, int fanOut)
    {
        var l = Limit(fanIn, fanOut);
        return l * l / 3.0;
    }

    /// <inheritdoc />
    protected override void Fill(Matrix weights, Random random)
    {
        var l = limit(weights.Rows, weights.Cols);
        for (var i = 0; i < weights.Length; i++)
        {
            weights.Data[i] = random.NextUniform(-l, l);
        }
    }
}
