using GradientCourse;
using GradientCourse.Kernels;

namespace GradientCourse.Tests.Kernels;

/// <summary>The fused telemetry passes of <see cref="VectorOps"/> against plain scalar references.</summary>
public class VectorOpsTests
{
    [Theory]
    [InlineData(5, 7)]
    [InlineData(128, 64)]
    [InlineData(3, 1)]
    [InlineData(9, 13)]
    public void CountBelowAndMarkNonZeroColumns_RandomDerivatives_MatchesScalarCount(int rows, int cols)
    {
        var random = new Random(rows * 100 + cols);
        var values = new double[rows * cols];
        for (var i = 0; i < values.Length; i++)
        {
            // a third exact zeros, some tiny, the rest ordinary: every branch of the pass is exercised
            var u = random.NextDouble();
            values[i] = u < 0.33 ? 0 : u < 0.5 ? 1e-4 * random.NextDouble() : random.NextDouble() * 0.25;
        }

        // make one column all zeros (a dead unit) when there are several columns
        if (cols > 1)
        {
            for (var r = 0; r < rows; r++)
            {
                values[(r * cols) + (cols / 2)] = 0;
            }
        }

        const double threshold = 0.01;
        var marks = new ulong[cols];
        var below = VectorOps.CountBelowAndMarkNonZeroColumns(values, cols, threshold, marks);

        Assert.Equal(values.Count(v => v < threshold), below);
        for (var c = 0; c < cols; c++)
        {
            var anyNonZero = Enumerable.Range(0, rows).Any(r => values[(r * cols) + c] != 0);
            Assert.Equal(anyNonZero, marks[c] != 0);
        }
    }

    [Fact]
    public void CountBelowAndMarkNonZeroColumns_RaggedInput_ThrowsSayingWhatShapeIsNeeded()
    {
        var ex = Assert.Throws<ArgumentException>(() => VectorOps.CountBelowAndMarkNonZeroColumns(new double[10], 4, 0.01, new ulong[4]));
        Assert.Contains("whole rows of 4 columns", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64 * 64)]
    [InlineData(1001)]
    public void CopyAndStd_RandomWeights_CopiesExactlyAndMatchesTwoPassStd(int n)
    {
        var random = new Random(n);
        var source = Enumerable.Range(0, n).Select(_ => 0.3 + (random.NextDouble() * 0.1)).ToArray();
        var destination = new double[n];

        var std = VectorOps.CopyAndStd(source, destination);

        Assert.Equal(source, destination);
        TestData.Close(TwoPassStd(source), std, 1e-12, 1e-15, "std");
    }

    [Fact]
    public void CopyAndStd_ConstantData_IsExactlyZero()
    {
        var source = Enumerable.Repeat(0.1, 999).ToArray();
        Assert.Equal(0.0, VectorOps.CopyAndStd(source, new double[999]));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(256 * 256)]
    public void StdOfDifferences_TinyUpdatesOfLargeWeights_MatchesTwoPassStdOfTheDifferences(int n)
    {
        // an SGD-sized update (1e-6 of the weights): the differences themselves are formed exactly as the reference does
        var random = new Random(n);
        var before = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var after = before.Select(w => w - (1e-6 * (random.NextDouble() - 0.3))).ToArray();
        var differences = after.Zip(before, (a, b) => a - b).ToArray();

        TestData.Close(TwoPassStd(differences), VectorOps.StdOfDifferences(after, before), 1e-10, 0, "std(ΔW)");
        Assert.Equal(0.0, VectorOps.StdOfDifferences(before, before));
    }

    private static double TwoPassStd(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
