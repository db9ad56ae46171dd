using GradientCourse;

namespace GradientCourse.Tests.ActivationsTests;

/// <summary>The facade: lookup by name, the list of all activations, parameter validation.</summary>
public class ActivationsFacadeTests
{
    [Fact]
    public void FromName_EveryActivationsName_RoundTrips()
    {
        foreach (var a in GradientCourse.Activations.All)
        {
            var found = GradientCourse.Activations.FromName(a.Name);
            Assert.Equal(a.Name, found.Name);
            Assert.Equal(a.GetType(), found.GetType());
        }
    }

    [Fact]
    public void All_OneOfEach_HasDistinctNamesCoveringEveryClass()
    {
        var names = GradientCourse.Activations.All.Select(a => a.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(
            ["sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu", "elu", "selu", "gelu", "swish", "mish", "softplus", "identity"],
            names);
    }

    [Theory]
    [InlineData("ReLU", "relu")]
    [InlineData("GELU", "gelu")]
    [InlineData("  Leaky_ReLU ", "leaky_relu")]
    [InlineData("SiLU", "swish")]
    [InlineData("linear", "identity")]
    public void FromName_OtherCaseOrAlias_FindsActivation(string name, string expected) =>
        Assert.Equal(expected, GradientCourse.Activations.FromName(name).Name);

    [Fact]
    public void FromName_UnknownName_ThrowsListingValidNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => GradientCourse.Activations.FromName("rectifier"));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains("'rectifier'", ex.Message, StringComparison.Ordinal);
        foreach (var valid in GradientCourse.Activations.Names)
        {
            Assert.Contains(valid, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void LeakyReLU_AlphaOutsideZeroToOne_ThrowsNamingAlphaAndFix(double alpha)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientCourse.Activations.LeakyReLU(alpha));
        Assert.Equal("alpha", ex.ParamName);
        Assert.Contains("[0, 1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PReLU", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void PReLU_NonFiniteAlpha_ThrowsNamingAlpha(double alpha)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientCourse.Activations.PReLU(alpha));
        Assert.Equal("alpha", ex.ParamName);
        Assert.Contains("finite", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ELU_NegativeAlpha_ThrowsNamingAlphaAndFix()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientCourse.Activations.ELU(-1));
        Assert.Equal("alpha", ex.ParamName);
        Assert.Contains("1.0 is usual", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeakyReLU_Parameters_AreKeptAndShown()
    {
        var leaky = GradientCourse.Activations.LeakyReLU(0.2);
        Assert.Equal(0.2, leaky.Alpha);
        Assert.Equal(1.0, leaky.MaxDerivative);
        Assert.Equal("leaky_relu(alpha=0.2)", leaky.ToString());
    }
}
