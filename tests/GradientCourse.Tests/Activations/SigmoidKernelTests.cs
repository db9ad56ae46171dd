using GradientCourse;

namespace GradientCourse.Tests.ActivationsTests;

/// <summary>
/// The vectorised sigmoid (Vector256.Exp) against a reference built on Math.Exp, and the property the span form
/// must keep: a value never depends on where in the span it sits.
/// </summary>
public class SigmoidKernelTests
{
    private static double Reference(double x)
    {
        var e = Math.Exp(-Math.Abs(x));
        return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    [Fact]
    public void Value_WideRangeOfInputs_WithinFourUlpOfMathExpReference()
    {
        var random = new Random(3);
        for (var k = 0; k < 200_000; k++)
        {
            var x = (random.NextDouble() - 0.5) * (k % 2 == 0 ? 20 : 1500);
            var expected = Reference(x);
            var actual = Activations.Sigmoid.Value(x);
            if (expected == 0)
            {
                Assert.True(actual < 1e-300, $"σ({x:R}) = {actual:R}, expected 0");
                continue;
            }

            var ulps = Math.Abs(BitConverter.DoubleToInt64Bits(actual) - BitConverter.DoubleToInt64Bits(expected));
            Assert.True(ulps <= 4, $"σ({x:R}) = {actual:R} vs {expected:R}: {ulps} ulp apart");
        }
    }

    [Fact]
    public void Value_SpecialInputs_AreExact()
    {
        var s = Activations.Sigmoid;
        Assert.Equal(0.5, s.Value(0));
        Assert.Equal(0.5, s.Value(-0.0));
        Assert.Equal(1.0, s.Value(double.PositiveInfinity));
        Assert.Equal(0.0, s.Value(double.NegativeInfinity));
        Assert.True(double.IsNaN(s.Value(double.NaN)));
        Assert.Equal(1.0, s.Value(40));
        Assert.True(s.Value(-40) is > 4.2e-18 and < 4.3e-18); // e^−40 / (1 + e^−40): the tail keeps its digits
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(11)]
    public void Forward_SameInputAtAnyPosition_SameOutputBits(int length)
    {
        // the last 1–3 elements use the padded vector path: each must equal the same input's value in the body
        var probe = -3.3219280948873622;
        for (var position = 0; position < length; position++)
        {
            var x = new double[length];
            Array.Fill(x, 0.7);
            x[position] = probe;
            var y = new double[length];
            Activations.Sigmoid.Forward(x, y);
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(Activations.Sigmoid.Value(i == position ? probe : 0.7), y[i]);
            }
        }
    }
}
