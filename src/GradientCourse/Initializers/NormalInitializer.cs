namespace GradientCourse;

/// <summary>Weights ~ N(0, std²) with std = sqrt(scale / fan), where fan is chosen by the variant (Glorot, He, LeCun, or fixed).</summary>
public sealed class NormalInitializer : Initializer
{
    private readonly Func<int, int, double> variance;

    internal NormalInitializer(string name, Func<int, int, double> variance)
    {
        Name = name;
        this.variance = variance;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override double Variance(int fanIn, int fanOut)
    {
        RequireFans(fanIn, fanOut);
        return variance(fanIn, fanOut);
    }

    /// <inheritdoc />
    protected override void Fill(Matrix weights, Random random)
    {
        var std = Math.Sqrt(variance(weights.Rows, weights.Cols));
        for (var i = 0; i < weights.Length; i++)
        {
            weights.Data[i] = std * random.NextGaussian();
        }
    }
}
