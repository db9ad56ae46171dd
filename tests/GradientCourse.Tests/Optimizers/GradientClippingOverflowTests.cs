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
}
