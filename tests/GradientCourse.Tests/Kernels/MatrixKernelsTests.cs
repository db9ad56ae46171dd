using GradientCourse;
using GradientCourse.Kernels;

namespace GradientCourse.Tests.Kernels;

/// <summary>
/// The packed, blocked GEMM behind <see cref="MatrixKernels"/> against a naive scalar triple loop, on shapes that hit
/// every edge (sizes 1, 3, 17, 129, 1025: partial 4-row and 8-column tiles, several KC slices, several NC panels),
/// plus determinism: same inputs give the same bits.
/// </summary>
public sealed class MatrixKernelsTests
{
    private static readonly int[] Sizes = [1, 3, 17, 129, 1025];

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var m in Sizes)
        {
            foreach (var k in Sizes)
            {
                foreach (var n in Sizes)
                {
                    if ((long)m * k * n <= 20_000_000)
                    {
                        data.Add(m, k, n);
                    }
                }
            }
        }

        data.Add(128, 1024, 1024); // the 5 × 1024 benchmark layer
        data.Add(128, 64, 64);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_RandomShapes_MatchesNaiveReference(int m, int k, int n)
    {
        var a = TestData.Gaussian(m, k, seed: m + (3 * k));
        var b = TestData.Gaussian(k, n, seed: k + (5 * n));
        var c = Filled(m, n);
        MatrixKernels.Multiply(a, b, c);
        AssertClose(Naive(m, n, k, (i, p) => a[i, p], (p, j) => b[p, j]), c, k);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyTransposeA_RandomShapes_MatchesNaiveReference(int m, int k, int n)
    {
        var a = TestData.Gaussian(k, m, seed: m + (7 * k)); // a is k × m, c = aᵀ·b
        var b = TestData.Gaussian(k, n, seed: k + (11 * n));
        var c = Filled(m, n);
        MatrixKernels.MultiplyTransposeA(a, b, c);
        AssertClose(Naive(m, n, k, (i, p) => a[p, i], (p, j) => b[p, j]), c, k);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyTransposeB_RandomShapes_MatchesNaiveReference(int m, int k, int n)
    {
        var a = TestData.Gaussian(m, k, seed: m + (13 * k));
        var b = TestData.Gaussian(n, k, seed: k + (17 * n)); // b is n × k, c = a·bᵀ
        var c = Filled(m, n);
        MatrixKernels.MultiplyTransposeB(a, b, c);
        AssertClose(Naive(m, n, k, (i, p) => a[i, p], (p, j) => b[j, p]), c, k);
    }

    [Fact]
    public void Kernels_SameInputsRepeated_BitIdentical()
    {
        var a = TestData.Gaussian(129, 1025, seed: 1);
        var b = TestData.Gaussian(1025, 1100, seed: 2);
        var bt = TestData.Gaussian(1100, 1025, seed: 3);
        var at = TestData.Gaussian(129, 1100, seed: 4);

        Assert.Equal(Run(), Run());

        double[][] Run()
        {
            var c1 = new Matrix(129, 1100);
            var c2 = new Matrix(1025, 1100);
            var c3 = new Matrix(129, 1100);
            MatrixKernels.Multiply(a, b, c1);
            MatrixKernels.MultiplyTransposeA(a, at, c2);
            MatrixKernels.MultiplyTransposeB(a, bt, c3);
            return [c1.Data, c2.Data, c3.Data];
        }
    }

    [Fact]
    public void Train_SameSeedTwice_BitIdenticalLossesAndWeights()
    {
        var x = TestData.Gaussian(300, 40, seed: 5);
        var y = TestData.Gaussian(300, 3, seed: 6);
        var (run1, w1) = Train();
        var (run2, w2) = Train();
        Assert.Equal(run1.Losses, run2.Losses);
        Assert.Equal(w1, w2);

        (TrainingRun Run, double[] Weights) Train()
        {
            var model = Mlp.Create(40, [130, 33, 17], 3, Activations.Sigmoid, Initializers.GlorotNormal, seed: 9);
            var run = Trainer.Train(model, x, y, Losses.MeanSquaredError, 0.1, new TrainerOptions { Epochs = 3, BatchSize = 64, Seed = 2 });
            return (run, model.Parameters.SelectMany(p => p.Value.Data).ToArray());
        }
    }

    private static Matrix Filled(int rows, int cols) => Matrix.Filled(rows, cols, double.NaN); // kernels must overwrite

    private static double[] Naive(int m, int n, int k, Func<int, int, double> a, Func<int, int, double> b)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var p = 0; p < k; p++)
                {
                    sum += a(i, p) * b(p, j);
                }

                c[(i * n) + j] = sum;
            }
        }

        return c;
    }

    private static void AssertClose(double[] expected, Matrix actual, int k)
    {
        // both sums round differently; N(0,1) products summed over k have size ~√k, rounding error ≲ k·ε·√k
        var tolerance = 1e-15 * Math.Max(1, k) * Math.Sqrt(Math.Max(1, k)) * 8;
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = Math.Abs(expected[i] - actual.Data[i]);
            Assert.True(diff <= tolerance, $"element {i}: expected {expected[i]:R}, got {actual.Data[i]:R} (|diff| {diff:E2} > {tolerance:E2})");
        }
    }
}
