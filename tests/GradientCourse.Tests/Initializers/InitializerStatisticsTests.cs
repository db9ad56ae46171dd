using GradientCourse;

namespace GradientCourse.Tests.InitializersTests;

/// <summary>Sample mean and variance of every random initializer against its formula, with tolerances from the sample size.</summary>
public class InitializerStatisticsTests
{
    private const int FanIn = 400;
    private const int FanOut = 300;

    public static TheoryData<string, double> Normals => new()
    {
        { "glorot_normal", 2.0 / (FanIn + FanOut) },
        { "he_normal", 2.0 / FanIn },
        { "lecun_normal", 1.0 / FanIn },
        { "random_normal(0.05)", 0.05 * 0.05 },
    };

    public static TheoryData<string, double> Uniforms => new()
    {
        { "glorot_uniform", Math.Sqrt(6.0 / (FanIn + FanOut)) },
        { "he_uniform", Math.Sqrt(6.0 / FanIn) },
        { "lecun_uniform", Math.Sqrt(3.0 / FanIn) },
        { "random_uniform(0.2)", 0.2 },
    };

    private static Initializer ByName(string name) => name switch
    {
        "random_normal(0.05)" => Initializers.Normal(0.05),
        "random_uniform(0.2)" => Initializers.Uniform(0.2),
        _ => Initializers.FromKerasName(name),
    };

    private static (double Mean, double Variance) Moments(double[] w)
    {
        var mean = w.Average();
        var variance = w.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1);
        return (mean, variance);
    }

    [Theory]
    [MemberData(nameof(Normals))]
    public void NormalInitializer_LargeSample_MeanAndVarianceMatchFormula(string name, double variance)
    {
        var init = ByName(name);
        TestData.Close(variance, init.Variance(FanIn, FanOut), 1e-15, 0, "Variance()");
        var w = init.Sample(FanIn, FanOut, Seeds.Create(123)).Data;
        var n = w.Length;
        var (mean, sampleVariance) = Moments(w);
        var sigma = Math.Sqrt(variance);
        Assert.True(Math.Abs(mean) < 5 * sigma / Math.Sqrt(n), $"{name}: mean {mean} too far from 0");
        Assert.True(
            Math.Abs(sampleVariance - variance) < 5 * variance * Math.Sqrt(2.0 / (n - 1)),
            $"{name}: variance {sampleVariance} vs formula {variance}");
    }

    [Theory]
    [MemberData(nameof(Uniforms))]
    public void UniformInitializer_LargeSample_RespectsLimitAndMatchesVariance(string name, double limit)
    {
        var init = (UniformInitializer)ByName(name);
        TestData.Close(limit, init.Limit(FanIn, FanOut), 1e-15, 0, "Limit()");
        var variance = limit * limit / 3;
        TestData.Close(variance, init.Variance(FanIn, FanOut), 1e-15, 0, "Variance()");
        var w = init.Sample(FanIn, FanOut, Seeds.Create(321)).Data;
        var n = w.Length;
        Assert.All(w, v => Assert.InRange(v, -limit, limit));
        Assert.True(w.Max() > 0.999 * limit && w.Min() < -0.999 * limit, $"{name}: samples do not fill ±{limit}");
        var (mean, sampleVariance) = Moments(w);
        Assert.True(Math.Abs(mean) < 5 * Math.Sqrt(variance / n), $"{name}: mean {mean} too far from 0");

        // Var(s²) ≈ (μ₄ − σ⁴)/n with μ₄ = limit⁴/5 for a uniform: the uniform's kurtosis, not the normal's.
        var sd = Math.Sqrt(((Math.Pow(limit, 4) / 5) - (variance * variance)) / n);
        Assert.True(Math.Abs(sampleVariance - variance) < 5 * sd, $"{name}: variance {sampleVariance} vs formula {variance}");
    }

    [Theory]
    [InlineData("glorot_uniform")]
    [InlineData("he_normal")]
    [InlineData("lecun_normal")]
    [InlineData("orthogonal")]
    public void Sample_SameSeed_IdenticalWeights_DifferentSeed_Different(string name)
    {
        var init = Initializers.FromKerasName(name);
        var a = init.Sample(7, 5, Seeds.Create(9)).Data;
        var b = init.Sample(7, 5, Seeds.Create(9)).Data;
        var c = init.Sample(7, 5, Seeds.Create(10)).Data;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ConstantInitializers_AnySeed_FillEveryWeightWithTheValue()
    {
        Assert.All(Initializers.Zeros.Sample(3, 4, Seeds.Create(1)).Data, v => Assert.Equal(0.0, v));
        Assert.All(Initializers.Ones.Sample(3, 4, Seeds.Create(1)).Data, v => Assert.Equal(1.0, v));
        Assert.All(Initializers.Constant(0.5).Sample(3, 4, Seeds.Create(1)).Data, v => Assert.Equal(0.5, v));
        Assert.Equal(0.0, Initializers.Constant(0.5).Variance(3, 4));
    }

    [Fact]
    public void NormalWithZeroStd_AnySeed_GivesZeros() =>
        Assert.All(Initializers.Normal(0).Sample(3, 4, Seeds.Create(1)).Data, v => Assert.Equal(0.0, v));
}
