using GradientCourse;

namespace GradientCourse.Tests.Layers;

/// <summary>The learnable-slope PReLU layer.</summary>
public class PReLULayerTests
{
    [Fact]
    public void Backward_HandExample_AlphaGradientIsSumOfUpstreamTimesNegativePart()
    {
        var layer = new PReLULayer(0.25);
        var x = Matrix.FromRows([[-2.0, 1.0], [3.0, -0.5]]);
        var dY = Matrix.FromRows([[0.5, -1.0], [2.0, 4.0]]);
        var y = layer.Forward(x);
        Assert.Equal([-0.5, 1.0, 3.0, -0.125], y.Data);

        var dX = layer.Backward(dY);

        Assert.Equal((0.5 * -2.0) + (4.0 * -0.5), layer.Alpha.Grad.Data[0]); // Σ dY·min(0, x) = −3
        Assert.Equal([0.125, -1.0, 2.0, 1.0], dX.Data);
    }

    [Fact]
    public void Forward_AfterAlphaChanges_UsesTheNewSlope()
    {
        var layer = new PReLULayer();
        layer.Alpha.Value.Data[0] = -1.0; // |x| for negative inputs
        Assert.Equal([3.0, 2.0], layer.Forward(Matrix.FromRows([[-3.0, 2.0]])).Data);
        Assert.Equal(-1.0, layer.Activation.Alpha);
        Assert.Single(layer.Parameters);
        Assert.Equal("prelu.alpha", layer.Alpha.Name);
        Assert.Equal("1 × 1", layer.Alpha.Value.Shape);
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsSayingWhatToDo()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new PReLULayer().Backward(new Matrix(1, 1)));
        Assert.Contains("Call Forward", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NaNAlpha_ThrowsNamingAlpha()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PReLULayer(double.NaN));
        Assert.Equal("alpha", ex.ParamName);
    }
}
