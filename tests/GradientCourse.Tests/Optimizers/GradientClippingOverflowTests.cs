using GradientCourse;

namespace GradientCourse.Tests.Optimizers;

public class GradientClippingOverflowTests
{
    private static Parameter WithGradients(params double[] grads)
    {
        var p = new Parameter("p", new Matrix(1, grads.Length));
        grads.CopyTo(p.Grad.Data, 0);
        return p;
    }

    [Fact]
    public void GlobalNorm_HugeFiniteGradients_IsFiniteAndExact()
    {
        // Σ g² overflows (1e400), but the norm itself, 1e200·sqrt(2)·... , is representable.
        var p = WithGradients(3e200, 4e200);
        Assert.Equal(5e200, GradientClipping.GlobalNorm([p]), 1e186);
    }

    [Fact]
    public void ClipByGlobalNorm_HugeFiniteGradients_ScalesToMaxNormKeepingDirection()
    {
        var p = WithGradients(3e200, -4e200);
        var before = GradientClipping.ClipByGlobalNorm([p], 1.0);
        Assert.Equal(5e200, before, 1e186);
        Assert.Equal(0.6, p.Grad.Data[0], 12);
        Assert.Equal(-0.8, p.Grad.Data[1], 12);
    }

    [Fact]
    public void GlobalNorm_NaNOrInfinity_Propagates()
    {
        Assert.True(double.IsNaN(GradientClipping.GlobalNorm([WithGradients(1, double.NaN)])));
        Assert.Equal(double.PositiveInfinity, GradientClipping.GlobalNorm([WithGradients(1, double.NegativeInfinity)]));
        Assert.Equal(0.0, GradientClipping.GlobalNorm([WithGradients(0, 0)]));
    }

    [Fact]
    public void GlobalNorm_OrdinaryValues_EqualsSquareRootOfSumOfSquares()
    {
        var a = WithGradients(1, 2, 2);
        var b = WithGradients(-4);
        Assert.Equal(5.0, GradientClipping.GlobalNorm([a, b]), 14);
    }

    [Fact]
    public void GlobalNorm_TinyAndSubnormalGradients_DoNotUnderflowToZero()
    {
        // Σ g² underflows to 0 (9e-400 + 16e-400), the norm 5e-200 does not
        Assert.Equal(5e-200, GradientClipping.GlobalNorm([WithGradients(3e-200, -4e-200)]), 1e-214);

        // subnormal gradients carry fewer digits themselves (3e-320 is stored as 2.9999e-320…); compare with them
        var (a, b) = (3e-320, 4e-320);
        var (sa, sb) = (a * 1e300, b * 1e300);
        var expected = Math.Sqrt((sa * sa) + (sb * sb)) / 1e300;
        Assert.InRange(expected, 4.99e-320, 5.01e-320);
        Assert.Equal(expected, GradientClipping.GlobalNorm([WithGradients(a, b)]), 1e-322); // a few subnormal ulps (4.9e-324 each)
    }

    [Theory]
    [InlineData(600)]
    [InlineData(-600)]
    public void GlobalNorm_ScaledByPowerOfTwo_ScalesExactly(int exponent)
    {
        // 2^±600 pushes Σ g² past overflow or into underflow, so the scaled path runs; scaling by a power of two is
        // exact, so it must give the plain path's result times 2^±600, bit for bit
        var random = new Random(5);
        var grads = Enumerable.Range(0, 37).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var plain = GradientClipping.GlobalNorm([WithGradients(grads)]);
        var scaled = GradientClipping.GlobalNorm([WithGradients(grads.Select(g => Math.ScaleB(g, exponent)).ToArray())]);
        Assert.Equal(Math.ScaleB(plain, exponent), scaled);
        Assert.Equal(Math.Sqrt(grads.Sum(g => g * g)), plain, 1e-15);
    }
}
