using System.Globalization;
using GradientCourse;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every number the prose of notebooks/02-activations-and-saturation.ipynb states, recomputed with the library
/// (same seeds and sizes as the notebook) and checked, so the text cannot drift from the code.
/// </summary>
public class Notebook02ClaimsTests
{
    private static readonly double[] Scales = [0.01, 0.05, 0.1, 0.2, 0.5, 1.0];

    /// <summary>The notebook's saturation experiment: 64 × 256 standardized inputs, a 256 → 256 sigmoid layer per scale.</summary>
    private static readonly Lazy<(double Std, double Share)[]> Saturation = new(() =>
    {
        var inputs = Initializers.Normal(1.0).Sample(64, 256, Seeds.Create(0));
        return Scales.Select(s =>
        {
            var h = Matrix.Multiply(inputs, Initializers.Normal(s).Sample(256, 256, Seeds.Create(1)));
            var d = new double[h.Length];
            Activations.Sigmoid.Derivative(h.Data, d);
            return (h.StandardDeviation(), d.Count(v => v < 0.01) / (double)d.Length);
        }).ToArray();
    });

    [Fact]
    public void Bounds_SigmoidQuarterAtZero_TanhReluLeakyOne()
    {
        Assert.Equal(0.25, Activations.Sigmoid.MaxDerivative);
        Assert.Equal(0.25, Activations.Sigmoid.Derivative(0));
        Assert.Equal(1.0, Activations.Tanh.MaxDerivative);
        Assert.Equal(1.0, Activations.Tanh.Derivative(0));
        Assert.Equal(1.0, Activations.ReLU.MaxDerivative);
        Assert.Equal(1.0, Activations.LeakyReLU(0.01).MaxDerivative);
        Assert.Equal(0.0, Activations.ReLU.Derivative(0));          // "this one uses f'(0) = 0"
        Assert.Equal(4.0, Activations.Tanh.MaxDerivative!.Value / Activations.Sigmoid.MaxDerivative!.Value); // "four times the sigmoid's best"
    }

    [Fact]
    public void SigmoidAtTen_Output0_99995_Derivative4_5eMinus5_CutByMoreThanTwentyThousand()
    {
        Assert.Equal("0.99995", Activations.Sigmoid.Value(10).ToString("0.00000", CultureInfo.InvariantCulture));
        Assert.Equal("4.5e-05", Activations.Sigmoid.Derivative(10).ToString("0.0e+00", CultureInfo.InvariantCulture));
        Assert.True(1 / Activations.Sigmoid.Derivative(10) > 20_000);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(5.0)]
    public void Tanh_IsRescaledSigmoid(double x) =>
        Assert.Equal(Math.Tanh(x), (2 * Activations.Sigmoid.Value(2 * x)) - 1, 1e-12);

    [Fact]
    public void Relu_AboutHalfOfStandardNormalInputsGiveExactZero()
    {
        var z = Initializers.Normal(1.0).Sample(1000, 1, Seeds.Create(0)).Data;

        var share = z.Count(v => Activations.ReLU.Value(v) == 0) / (double)z.Length;

        Assert.Equal("49.9 %", share.ToString("P1", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void QuarterToTheFifth_Is0_00098_AndOneDecadeEvery1_7Layers()
    {
        Assert.Equal(0.0009765625, Math.Pow(0.25, 5));
        Assert.Equal("0.00098", Math.Pow(0.25, 5).ToString("0.00000", CultureInfo.InvariantCulture));
        Assert.Equal("1.7", (-1 / Math.Log10(0.25)).ToString("0.0", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SaturationEdge_SigmoidDerivativeCrosses0_01Between4_5And4_6()
    {
        Assert.True(Activations.Sigmoid.Derivative(4.5) > 0.01);
        Assert.True(Activations.Sigmoid.Derivative(4.6) < 0.01);
    }

    [Fact]
    public void Saturation_StdOfPreActivationsIsAbout16TimesTheScale()
    {
        for (var i = 0; i < Scales.Length; i++)
        {
            Assert.InRange(Saturation.Value[i].Std / (16 * Scales[i]), 0.95, 1.05);
        }
    }

    [Fact]
    public void Saturation_ShareRisesFrom0_0PercentTo76_9Percent()
    {
        var shares = Saturation.Value.Select(r => r.Share).ToArray();

        Assert.Equal("0.0 %", shares[0].ToString("P1", CultureInfo.InvariantCulture));
        Assert.Equal("76.9 %", shares[^1].ToString("P1", CultureInfo.InvariantCulture));
        for (var i = 1; i < shares.Length; i++)
        {
            Assert.True(shares[i] >= shares[i - 1], $"share at scale {Scales[i]} ({shares[i]}) fell below the previous one ({shares[i - 1]})");
        }

        Assert.True(shares[^1] >= 0.75, "three units in four at scale 1");
        Assert.True(shares[4] > 0.5, "more than half at scale 0.5 (std(h) ≈ 8, exercise 02.4)");
        Assert.Equal("8", Saturation.Value[4].Std.ToString("0", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void GoodScale_OneOverSqrtFanIn_IsOneSixteenth() =>
        Assert.Equal(1.0 / 16, 1 / Math.Sqrt(256));

    [Fact]
    public void Exercise02_2_SmallestDepthBelowOneMillionthIsTen()
    {
        Assert.True(Math.Pow(0.25, 10) < 1e-6);
        Assert.True(Math.Pow(0.25, 9) >= 1e-6);
    }

    [Fact]
    public void Exercise02_3_SaturationEdgeIsAbout4_6()
    {
        var y = (1 + Math.Sqrt(1 - 0.04)) / 2;
        var x = Math.Log(y / (1 - y));

        Assert.Equal(0.01, Activations.Sigmoid.Derivative(x), 1e-12);
        Assert.Equal("4.6", x.ToString("0.0", CultureInfo.InvariantCulture));
    }
}
