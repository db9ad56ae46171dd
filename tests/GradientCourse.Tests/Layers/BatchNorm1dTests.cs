using GradientCourse;

namespace GradientCourse.Tests.Layers;

/// <summary>Batch norm's forward pass: normalized outputs, running statistics, eval mode.</summary>
public class BatchNorm1dTests
{
    [Fact]
    public void Forward_TrainMode_EachFeatureHasMeanZeroAndVarianceOne()
    {
        var bn = new BatchNorm1d(3);
        var x = TestData.Gaussian(32, 3, 1, scale: 5);
        for (var i = 0; i < x.Length; i++)
        {
            x.Data[i] += 10 * (i % 3); // different offsets per feature
        }

        var y = bn.Forward(x, training: true);
        for (var c = 0; c < 3; c++)
        {
            var col = y.Column(c);
            var mean = col.Average();
            var variance = col.Sum(v => (v - mean) * (v - mean)) / col.Length; // biased, as normalized
            var input = x.Column(c);
            var inMean = input.Average();
            var inVariance = input.Sum(v => (v - inMean) * (v - inMean)) / input.Length;
            Assert.True(Math.Abs(mean) < 1e-14, $"feature {c}: mean {mean}");
            TestData.Close(inVariance / (inVariance + bn.Epsilon), variance, 1e-12, 0, $"feature {c} variance");
        }
    }

    [Fact]
    public void Forward_TwoTrainSteps_RunningStatisticsFollowMomentumFormula()
    {
        var bn = new BatchNorm1d(2, momentum: 0.1);
        var x1 = TestData.Gaussian(8, 2, 2, scale: 3);
        var x2 = TestData.Gaussian(8, 2, 3, scale: 0.5);
        bn.Forward(x1);
        bn.Forward(x2);
        for (var c = 0; c < 2; c++)
        {
            double Mean(Matrix m) => m.Column(c).Average();
            double Unbiased(Matrix m) => m.Column(c).Sum(v => (v - Mean(m)) * (v - Mean(m))) / (m.Rows - 1);
            var mean1 = 0.9 * 0.0 + 0.1 * Mean(x1);
            var var1 = 0.9 * 1.0 + 0.1 * Unbiased(x1);
            TestData.Close(0.9 * mean1 + 0.1 * Mean(x2), bn.RunningMean[c], 1e-13, 1e-16);
            TestData.Close(0.9 * var1 + 0.1 * Unbiased(x2), bn.RunningVariance[c], 1e-13);
        }
    }

    [Fact]
    public void Forward_EvalMode_UsesRunningStatisticsAndLeavesThemAlone()
    {
        var bn = new BatchNorm1d(2, epsilon: 1e-3);
        bn.RunningMean[0] = 1.0;
        bn.RunningMean[1] = -2.0;
        bn.RunningVariance[0] = 4.0;
        bn.RunningVariance[1] = 0.25;
        bn.Gamma.Value.Data[0] = 2.0;
        bn.Beta.Value.Data[1] = 0.5;
        var x = Matrix.FromRows([[3.0, -1.0], [1.0, -2.5]]);

        var y = bn.Forward(x, training: false);

        Assert.Equal(2.0 * (3.0 - 1.0) / Math.Sqrt(4.001), y[0, 0], 15);
        Assert.Equal(2.0 * (1.0 - 1.0) / Math.Sqrt(4.001), y[1, 0], 15);
        Assert.Equal(((-1.0 + 2.0) / Math.Sqrt(0.251)) + 0.5, y[0, 1], 15);
        Assert.Equal(((-2.5 + 2.0) / Math.Sqrt(0.251)) + 0.5, y[1, 1], 15);
        Assert.Equal([1.0, -2.0], bn.RunningMean);
        Assert.Equal([4.0, 0.25], bn.RunningVariance);
    }
}
