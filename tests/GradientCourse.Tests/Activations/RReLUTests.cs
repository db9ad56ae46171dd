using GradientCourse;

namespace GradientCourse.Tests.ActivationsTests;

/// <summary>RReLU's training form (random slopes); its evaluation form is checked with every activation via the registry.</summary>
public class RReLUTests
{
    [Fact]
    public void ActivationLayer_Training_SlopesUniformInRangeAndBackwardUsesTheDraws()
    {
        var rrelu = GradientCourse.Activations.RReLU();
        var layer = new ActivationLayer(rrelu, seed: 5);
        var x = TestData.AwayFromZero(64, 50, seed: 3);
        var dY = TestData.Gaussian(64, 50, seed: 4);

        var y = layer.Forward(x, training: true);
        var dX = layer.Backward(dY);

        var slopes = new List<double>();
        for (var i = 0; i < x.Length; i++)
        {
            var slope = y.Data[i] / x.Data[i];
            if (x.Data[i] > 0)
            {
                Assert.Equal(1.0, slope);
            }
            else
            {
                Assert.InRange(slope, rrelu.Lower, rrelu.Upper);
                slopes.Add(slope);
            }

            TestData.Close(dY.Data[i] * slope, dX.Data[i], 1e-15, 0, $"dX[{i}]");
        }

        // U(1/8, 1/3): mean 0.2292, standard deviation (1/3 − 1/8)/√12 = 0.0601; over ~1600 draws the mean is ±0.0015.
        TestData.Close((rrelu.Lower + rrelu.Upper) / 2, slopes.Average(), 0, 0.006, "mean slope");
        var std = Math.Sqrt(slopes.Select(s => (s - slopes.Average()) * (s - slopes.Average())).Average());
        TestData.Close((rrelu.Upper - rrelu.Lower) / Math.Sqrt(12), std, 0.1, 0, "slope standard deviation");
    }

    [Fact]
    public void ActivationLayer_SameSeed_SameDrawsAndEvalModeIsDeterministic()
    {
        var x = TestData.Gaussian(8, 6, seed: 9);
        var a = new ActivationLayer(GradientCourse.Activations.RReLU(), seed: 1).Forward(x, training: true).Data.ToArray();
        var b = new ActivationLayer(GradientCourse.Activations.RReLU(), seed: 1).Forward(x, training: true).Data.ToArray();
        Assert.Equal(a, b);

        var eval = new ActivationLayer(GradientCourse.Activations.RReLU(), seed: 1).Forward(x, training: false);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(x.Data[i] > 0 ? x.Data[i] : x.Data[i] * ((1.0 / 8) + (1.0 / 3)) / 2, eval.Data[i], 15);
        }
    }

    [Theory]
    [InlineData(-0.1, 0.3)]
    [InlineData(0.4, 0.3)]
    [InlineData(0.1, 1.0)]
    public void Constructor_BadRange_ThrowsNamingTheRange(double lower, double upper)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientCourse.Activations.RReLU(lower, upper));
        Assert.Contains("0 ≤ lower ≤ upper < 1", ex.Message, StringComparison.Ordinal);
    }
}
