using GradientCourse;
using TorchSharp;

namespace GradientCourse.Torch.Tests;

public class TorchConvertTests
{
    [Fact]
    public void ToTensor_ThenToMatrix_RoundTripsRowMajorFloat64()
    {
        var m = Matrix.FromRows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0 + 1e-15]]);
        using var t = TorchConvert.ToTensor(m);
        Assert.Equal(torch.ScalarType.Float64, t.dtype);
        Assert.Equal([2L, 3L], t.shape);
        Assert.Equal(6.0, t[1, 2].item<double>() - 1e-15, 15);
        Assert.Equal(m.Data, TorchConvert.ToMatrix(t).Data);
    }

    [Fact]
    public void ToMatrix_OneDimensionalTensor_IsARow()
    {
        double[] values = [1.0, 2.0, 3.0];
        using var t = torch.tensor(values);
        var m = TorchConvert.ToMatrix(t);
        Assert.Equal("1 × 3", m.Shape);
    }
}
