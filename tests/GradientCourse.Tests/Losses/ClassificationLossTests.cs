using GradientCourse;

namespace GradientCourse.Tests.LossesTests;

/// <summary>BCE with logits and softmax cross-entropy against naive formulas, their stability, and input checks.</summary>
public class ClassificationLossTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void BceWithLogits_ModerateLogits_EqualsNaiveCrossEntropyOfSigmoid()
    {
        var z = TestData.Gaussian(5, 3, 1, scale: 2);
        var y = TestData.Probabilities(5, 3, 2);
        var naive = 0.0;
        for (var i = 0; i < z.Length; i++)
        {
            var p = Sigmoid(z.Data[i]);
            naive -= (y.Data[i] * Math.Log(p)) + ((1 - y.Data[i]) * Math.Log(1 - p));
        }

        TestData.Close(naive / z.Length, Losses.BinaryCrossEntropyWithLogits.Value(z, y), 1e-13);
        var g = Losses.BinaryCrossEntropyWithLogits.Gradient(z, y);
        for (var i = 0; i < z.Length; i++)
        {
            TestData.Close((Sigmoid(z.Data[i]) - y.Data[i]) / z.Length, g.Data[i], 1e-13);
        }
    }

    [Fact]
    public void BceWithLogits_HugeLogits_StaysFiniteAndExact()
    {
        var z = Matrix.FromRows([[1000.0, -1000.0, 1000.0, -1000.0]]);
        var y = Matrix.FromRows([[1.0, 0.0, 0.0, 1.0]]);
        // Right with confidence: 0; wrong with confidence: |z| each.
        Assert.Equal(2000.0 / 4, Losses.BinaryCrossEntropyWithLogits.Value(z, y));
        Assert.Equal([0.0, 0.0, 0.25, -0.25], Losses.BinaryCrossEntropyWithLogits.Gradient(z, y).Data);
    }

    [Fact]
    public void SoftmaxCrossEntropy_ModerateLogits_EqualsNaiveFormula()
    {
        var z = TestData.Gaussian(4, 3, 3, scale: 2);
        var y = TestData.OneHot(4, 3, 1);
        var naive = 0.0;
        var expectedGrad = new double[z.Length];
        for (var r = 0; r < z.Rows; r++)
        {
            var sum = Enumerable.Range(0, 3).Sum(c => Math.Exp(z[r, c]));
            for (var c = 0; c < 3; c++)
            {
                var p = Math.Exp(z[r, c]) / sum;
                naive -= y[r, c] * Math.Log(p);
                expectedGrad[(r * 3) + c] = (p - y[r, c]) / z.Rows;
            }
        }

        TestData.Close(naive / z.Rows, Losses.SoftmaxCrossEntropy.Value(z, y), 1e-13);
        var g = Losses.SoftmaxCrossEntropy.Gradient(z, y);
        for (var i = 0; i < g.Length; i++)
        {
            TestData.Close(expectedGrad[i], g.Data[i], 1e-12, 1e-17);
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_UniformLogits_GivesLogOfClassCount()
    {
        var z = Matrix.Filled(2, 4, 3.0);
        TestData.Close(Math.Log(4), Losses.SoftmaxCrossEntropy.Value(z, TestData.OneHot(2, 4, 0)), 1e-15);
    }

    [Fact]
    public void SoftmaxCrossEntropy_HugeLogits_StaysFiniteAndGradientRowsSumToZero()
    {
        var z = Matrix.FromRows([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]]);
        var y = Matrix.FromRows([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0]]);
        // Row 0: −(0 − 1000) = 1000. Row 1: lse = 1000 + ln(1 + e^−1), loss = lse − 0.5·(0 + 1000) = 500 + ln(1 + e^−1).
        TestData.Close((1500 + Math.Log(1 + Math.Exp(-1))) / 2, Losses.SoftmaxCrossEntropy.Value(z, y), 1e-15);
        var g = Losses.SoftmaxCrossEntropy.Gradient(z, y);
        Assert.True(g.IsFinite());
        for (var r = 0; r < g.Rows; r++)
        {
            Assert.True(Math.Abs(g.Row(r).ToArray().Sum()) < 1e-15);
        }
    }

    [Fact]
    public void Softmax_Rows_ArePositiveAndSumToOne()
    {
        var p = SoftmaxCrossEntropy.Softmax(TestData.Gaussian(5, 4, 8, scale: 10));
        for (var r = 0; r < p.Rows; r++)
        {
            Assert.All(p.Row(r).ToArray(), v => Assert.True(v >= 0));
            TestData.Close(1.0, p.Row(r).ToArray().Sum(), 1e-15);
        }
    }

    public static TheoryData<string> LossNames => ["mse", "bce_with_logits", "softmax_cross_entropy"];

    private static Loss ByName(string name) => name switch
    {
        "mse" => Losses.MeanSquaredError,
        "bce_with_logits" => Losses.BinaryCrossEntropyWithLogits,
        _ => Losses.SoftmaxCrossEntropy,
    };

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Value_ShapeMismatch_ThrowsNamingYAndFix(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => ByName(name).Value(new Matrix(4, 2), TestData.OneHot(4, 3, 0)));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("4 × 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("same shape", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bce_with_logits")]
    [InlineData("softmax_cross_entropy")]
    public void ValueAndGradient_NaNInYHat_ThrowsNamingYHatAndFix(string name)
    {
        var yHat = new Matrix(2, 3);
        yHat[1, 2] = double.NaN;
        var y = TestData.OneHot(2, 3, 0);
        foreach (var call in new Action[] { () => ByName(name).Value(yHat, y), () => ByName(name).Gradient(yHat, y) })
        {
            var ex = Assert.Throws<ArgumentException>(call);
            Assert.Equal("yHat", ex.ParamName);
            Assert.Contains("yHat[1, 2] is NaN", ex.Message, StringComparison.Ordinal);
            Assert.Contains("learning rate", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("bce_with_logits")]
    [InlineData("softmax_cross_entropy")]
    public void Value_NaNInY_ThrowsNamingY(string name)
    {
        var y = TestData.OneHot(2, 3, 0);
        y[0, 0] = double.NaN;
        var ex = Assert.Throws<ArgumentException>(() => ByName(name).Value(new Matrix(2, 3), y));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bce_with_logits")]
    [InlineData("softmax_cross_entropy")]
    public void Value_TargetOutsideZeroToOne_ThrowsWithFix(string name)
    {
        var y = Matrix.FromRows([[2.0, -1.0, 0.0]]);
        var ex = Assert.Throws<ArgumentException>(() => ByName(name).Value(new Matrix(1, 3), y));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("[0, 1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SoftmaxCrossEntropy_RowNotSummingToOne_ThrowsWithFix()
    {
        var y = Matrix.FromRows([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]);
        var ex = Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy.Gradient(new Matrix(2, 3), y));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("row 1 of y sums to 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("one-hot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Facade_Names_AreTheDocumentedOnes()
    {
        Assert.Equal("bce_with_logits", Losses.BinaryCrossEntropyWithLogits.Name);
        Assert.Equal("softmax_cross_entropy", Losses.SoftmaxCrossEntropy.Name);
    }
}
