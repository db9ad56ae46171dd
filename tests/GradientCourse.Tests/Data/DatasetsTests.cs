using GradientCourse;

namespace GradientCourse.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void Regression1D_SameSeed_SameData()
    {
        var a = Datasets.Regression1D(50, seed: 3);
        var b = Datasets.Regression1D(50, seed: 3);

        Assert.Equal(a.X.Data, b.X.Data);
        Assert.Equal(a.Y.Data, b.Y.Data);
        Assert.NotEqual(a.X.Data, Datasets.Regression1D(50, seed: 4).X.Data);
    }

    [Fact]
    public void Regression1D_TargetsAreSineOfThreeXPlusNoise()
    {
        var (x, y) = Datasets.Regression1D(2000, seed: 1, noise: 0.1);

        Assert.All(x.Data, v => Assert.InRange(v, -1.0, 1.0));
        var residuals = new Matrix(2000, 1, x.Data.Zip(y.Data, (xi, yi) => yi - Math.Sin(3 * xi)).ToArray());
        Assert.Equal(0.1, residuals.StandardDeviation(), 0.01);
        Assert.Equal(0.0, residuals.Mean(), 0.01);
    }

    [Fact]
    public void TwoMoons_LabelsAlternateAndShapesFit()
    {
        var data = Datasets.TwoMoons(10, noise: 0, seed: 1);

        Assert.Equal(2, data.Features);
        Assert.Equal(1, data.Outputs);
        Assert.Equal([0.0, 1, 0, 1, 0, 1, 0, 1, 0, 1], data.Y.Data);
        // Without noise the upper moon lies on the unit circle.
        Assert.Equal(1.0, Math.Sqrt((data.X[0, 0] * data.X[0, 0]) + (data.X[0, 1] * data.X[0, 1])), 1e-12);
    }

    [Fact]
    public void Spirals_TargetsAreOneHot()
    {
        var data = Datasets.Spirals(30, classes: 3, noise: 0.2, seed: 1);

        Assert.Equal(3, data.Outputs);
        for (var r = 0; r < data.Count; r++)
        {
            Assert.Equal(1.0, data.Y.Row(r).ToArray().Sum());
            Assert.Equal(1.0, data.Y[r, r % 3]);
        }
    }

    [Fact]
    public void Standardize_ColumnsHaveMeanZeroStdOne()
    {
        var x = Matrix.FromRows([[1.0, 5.0, 7.0], [2.0, 9.0, 7.0], [6.0, 1.0, 7.0]]);

        var z = Datasets.Standardize(x);

        for (var c = 0; c < 2; c++)
        {
            var column = new Matrix(3, 1, z.Column(c));
            Assert.Equal(0.0, column.Mean(), 1e-12);
            Assert.Equal(1.0, column.StandardDeviation(), 1e-12);
        }

        Assert.Equal([0.0, 0.0, 0.0], z.Column(2)); // a constant column is only centered
        Assert.Equal(1.0, x[0, 0]); // the input is not modified
    }

    [Fact]
    public void Regression1D_NonPositiveCount_ThrowsWithFix()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Regression1D(0, seed: 1));

        Assert.Equal("n", ex.ParamName);
    }
}
