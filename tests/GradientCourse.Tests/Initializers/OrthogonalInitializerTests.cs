using GradientCourse;

namespace GradientCourse.Tests.InitializersTests;

/// <summary>Orthogonal initialization: orthonormal columns (tall) or rows (wide), times the gain.</summary>
public class OrthogonalInitializerTests
{
    [Theory]
    [InlineData(50, 20, 1.0)]
    [InlineData(20, 50, 1.0)]
    [InlineData(16, 16, 1.4142135623730951)]
    [InlineData(1, 9, 0.5)]
    public void Sample_AnyShape_SmallerDimensionIsOrthonormalTimesGain(int fanIn, int fanOut, double gain)
    {
        var w = Initializers.Orthogonal(gain).Sample(fanIn, fanOut, Seeds.Create(5));
        // Gram matrix over the smaller dimension: WᵀW (fanOut × fanOut) if tall, W·Wᵀ (fanIn × fanIn) if wide.
        var gram = fanIn >= fanOut ? Matrix.Multiply(w.Transpose(), w) : Matrix.Multiply(w, w.Transpose());
        for (var i = 0; i < gram.Rows; i++)
        {
            for (var j = 0; j < gram.Cols; j++)
            {
                var expected = i == j ? gain * gain : 0.0;
                Assert.True(Math.Abs(gram[i, j] - expected) < 1e-12, $"gram[{i},{j}] = {gram[i, j]}, expected {expected}");
            }
        }
    }

    [Theory]
    [InlineData(50, 20)]
    [InlineData(20, 50)]
    public void Variance_MeanSquareOfSample_EqualsGainSquaredOverLargerFan(int fanIn, int fanOut)
    {
        var init = Initializers.Orthogonal(2.0);
        var w = init.Sample(fanIn, fanOut, Seeds.Create(6)).Data;
        var meanSquare = w.Sum(v => v * v) / w.Length;
        TestData.Close(4.0 / Math.Max(fanIn, fanOut), init.Variance(fanIn, fanOut), 1e-15);
        TestData.Close(init.Variance(fanIn, fanOut), meanSquare, 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Orthogonal_NonPositiveGain_ThrowsNamingGain(double gain)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Orthogonal(gain));
        Assert.Equal("gain", ex.ParamName);
        Assert.Contains("positive finite", ex.Message, StringComparison.Ordinal);
    }
}
