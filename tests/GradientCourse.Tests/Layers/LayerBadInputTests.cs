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
}
