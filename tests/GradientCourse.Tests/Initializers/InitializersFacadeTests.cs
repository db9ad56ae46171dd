using GradientCourse;

namespace GradientCourse.Tests.InitializersTests;

/// <summary>Keras names and bad inputs.</summary>
public class InitializersFacadeTests
{
    [Fact]
    public void FromKerasName_EveryKerasName_RoundTrips()
    {
        Assert.Equal(9, Initializers.KerasNames.Count);
        foreach (var name in Initializers.KerasNames)
        {
            Assert.Equal(name, Initializers.FromKerasName(name).Name);
            Assert.Equal(name, Initializers.FromKerasName(name.ToUpperInvariant()).Name);
        }
    }

    [Fact]
    public void FromKerasName_UnknownName_ThrowsListingEveryValidName()
    {
        var ex = Assert.Throws<ArgumentException>(() => Initializers.FromKerasName("xavier"));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains("'xavier'", ex.Message, StringComparison.Ordinal);
        foreach (var name in Initializers.KerasNames)
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0, 3, "fanIn")]
    [InlineData(-2, 3, "fanIn")]
    [InlineData(3, 0, "fanOut")]
    public void Sample_NonPositiveFan_ThrowsNamingFanAndFix(int fanIn, int fanOut, string param)
    {
        foreach (var name in Initializers.KerasNames)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.FromKerasName(name).Sample(fanIn, fanOut, Seeds.Create(1)));
            Assert.Equal(param, ex.ParamName);
            Assert.Contains($"{param} must be positive", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Normal_NegativeOrNonFiniteStd_ThrowsNamingStdAndFix(double std)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Normal(std));
        Assert.Equal("std", ex.ParamName);
        Assert.Contains("std must be a finite number ≥ 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0.01", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uniform_NegativeLimit_ThrowsNamingLimit()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Uniform(-1));
        Assert.Equal("limit", ex.ParamName);
    }

    [Fact]
    public void Constant_NonFiniteValue_ThrowsNamingValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Constant(double.NaN));
        Assert.Equal("value", ex.ParamName);
    }
}
