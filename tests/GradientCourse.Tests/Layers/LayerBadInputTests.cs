using GradientCourse;

namespace GradientCourse.Tests.Layers;

/// <summary>Bad inputs to layers and models: the exception names the argument and says how to fix it.</summary>
public class LayerBadInputTests
{
    [Fact]
    public void DenseForward_WrongFeatureCount_ThrowsNamingXAndExpectedShape()
    {
        var layer = new Dense(3, 2, Initializers.GlorotUniform, Seeds.Create(1), "dense1");
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Matrix(4, 5)));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("expects fanIn = 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("n × 3", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void MlpCreate_NonPositiveHiddenSize_ThrowsNamingHiddenSizes(int size)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Mlp.Create(3, [5, size], 2, Activations.ReLU, Initializers.HeNormal, seed: 1));
        Assert.Equal("hiddenSizes", ex.ParamName);
        Assert.Contains("hiddenSizes[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at least one unit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MlpCreate_HugeHiddenSizes_ThrowsNamingLayerAndSizeNotOverflow()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Mlp.Create(3, [1_000_000, 1_000_000], 2, Activations.ReLU, Initializers.HeNormal, seed: 1));
        Assert.Equal("hiddenSizes", ex.ParamName);
        Assert.Contains("Layer 'dense2'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1000000 × 1000000 = 1000000000000 weights", ex.Message, StringComparison.Ordinal);
        Assert.Contains("hiddenSizes[0] (1000000) feeds hiddenSizes[1] (1000000)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Use far fewer units", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MlpCreate_HugeOutputSize_ThrowsNamingOutputSize()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Mlp.Create(3, [8], int.MaxValue, Activations.ReLU, Initializers.HeNormal, seed: 1));
        Assert.Equal("outputSize", ex.ParamName);
        Assert.Contains("Layer 'dense2'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"8 × {int.MaxValue}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DenseConstructor_IntMaxValueFanIn_ThrowsNamingLayerAndSize()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Dense(int.MaxValue, 2, Initializers.GlorotUniform, Seeds.Create(1), "wide"));
        Assert.Equal("fanIn", ex.ParamName);
        Assert.Contains("layer 'wide'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{int.MaxValue} × 2 = {2L * int.MaxValue} numbers", ex.Message, StringComparison.Ordinal);
        Assert.Contains("use far fewer units", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 2, "fanIn")]
    [InlineData(3, -1, "fanOut")]
    public void DenseConstructor_NonPositiveFan_ThrowsNamingFanAndLayer(int fanIn, int fanOut, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Dense(fanIn, fanOut, Initializers.GlorotUniform, Seeds.Create(1), "dense7"));
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains($"{parameter} of layer 'dense7' must be positive", ex.Message, StringComparison.Ordinal);
    }
}
