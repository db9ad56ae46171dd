using GradientCourse;
using GradientCourse.Kernels;

namespace GradientCourse.Tests.Core;

public class MatrixTests
{
    [Fact]
    public void Multiply_SmallMatrices_MatchesHandComputedProduct()
    {
        var a = Matrix.FromRows([[1.0, 2.0], [3.0, 4.0]]);
        var b = Matrix.FromRows([[5.0, 6.0, 7.0], [8.0, 9.0, 10.0]]);
        var c = Matrix.Multiply(a, b);
        Assert.Equal([21.0, 24.0, 27.0, 47.0, 54.0, 61.0], c.Data);
    }

    [Fact]
    public void Multiply_ShapesDoNotChain_ThrowsNamingShapes()
    {
        var a = new Matrix(2, 3);
        var b = new Matrix(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => Matrix.Multiply(a, b));
        Assert.Contains("2 × 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonPositiveRows_ThrowsWithFix()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix(0, 3));
        Assert.Equal("rows", ex.ParamName);
        Assert.Contains("must be positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MoreElementsThanAnArrayHolds_ThrowsNamingShapeNotOverflow()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix(100_000, 100_000));
        Assert.Equal("rows", ex.ParamName);
        Assert.Contains("A 100000 × 100000 matrix would have 10000000000 elements", ex.Message, StringComparison.Ordinal);
        Assert.Contains("use smaller dimensions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransposeKernels_AgreeWithExplicitTranspose()
    {
        var random = Seeds.Create(7);
        var a = Initializers.GlorotNormal.Sample(5, 3, random);
        var b = Initializers.GlorotNormal.Sample(5, 4, random);
        var viaKernel = new Matrix(3, 4);
        MatrixKernels.MultiplyTransposeA(a, b, viaKernel);
        Assert.True(viaKernel.MaxAbsDifference(Matrix.Multiply(a.Transpose(), b)) < 1e-14);

        var d = Initializers.GlorotNormal.Sample(4, 3, random);
        var viaKernelB = new Matrix(5, 4);
        MatrixKernels.MultiplyTransposeB(Initializers.GlorotNormal.Sample(5, 3, Seeds.Create(1)), d, viaKernelB);
        var expected = Matrix.Multiply(Initializers.GlorotNormal.Sample(5, 3, Seeds.Create(1)), d.Transpose());
        Assert.True(viaKernelB.MaxAbsDifference(expected) < 1e-14);
    }
}
