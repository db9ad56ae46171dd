using GradientCourse;

namespace GradientCourse.Tests.Experiments;

public class GradientMapTests
{
    private static readonly int[] Depths = [2, 4, 8];

    private static readonly Lazy<GradientMapResult> Map = new(() =>
        GradientMap.Compute(Depths, [Activations.Sigmoid, Activations.Tanh], [Initializers.GlorotUniform, Initializers.HeNormal], width: 8, seed: 5, seedCount: 2, batchSize: 16));

    [Fact]
    public void Compute_TwoActivationsTwoInitializers_GridRowsGroupedByActivation()
    {
        var map = Map.Value;

        Assert.Equal(Depths, map.Depths);
        Assert.Equal(["sigmoid · glorot_uniform", "sigmoid · he_normal", "tanh · glorot_uniform", "tanh · he_normal"], map.Rows.Select(r => r.Label));
        Assert.All(map.Rows, r => Assert.Equal(Depths.Length, r.Log10Ratio.Count));
        Assert.Equal(8, map.Width);
        Assert.Equal(2, map.SeedCount);
    }

    [Fact]
    public void Compute_Cell_IsMeanOfLog10RatioOverSeeds()
    {
        // Seed s of a map started at seed 5 is the single-seed map started at 5 + s.
        var seed5 = GradientMap.Compute([4], [Activations.Sigmoid], [Initializers.HeNormal], width: 8, seed: 5, seedCount: 1, batchSize: 16);
        var seed6 = GradientMap.Compute([4], [Activations.Sigmoid], [Initializers.HeNormal], width: 8, seed: 6, seedCount: 1, batchSize: 16);

        var expected = (seed5.Rows[0].Log10Ratio[0] + seed6.Rows[0].Log10Ratio[0]) / 2;

        Assert.Equal(expected, Map.Value.Row("sigmoid", "he_normal").Log10Ratio[1], 1e-12);
    }

    [Fact]
    public void Compute_OneSeed_EqualsFirstToLastRatioOfTheSameModelAndData()
    {
        var map = GradientMap.Compute([3], [Activations.Tanh], [Initializers.GlorotUniform], width: 6, seed: 2, seedCount: 1, batchSize: 10);

        var random = Seeds.Create(2);
        var x = Initializers.Normal(1.0).Sample(10, 6, random);
        var y = Initializers.Normal(1.0).Sample(10, 1, random);
        var model = Mlp.Create(6, [6, 6], 1, Activations.Tanh, Initializers.GlorotUniform, seed: 2);

        Assert.Equal(Math.Log10(GradientMap.FirstToLastRatio(model, x, y)), map.Rows[0].Log10Ratio[0], 1e-12);
    }

    [Fact]
    public void FirstToLastRatio_AfterBackward_IsRatioOfWeightGradientNorms()
    {
        var model = Mlp.Create(3, [5, 5], 2, Activations.Sigmoid, Initializers.GlorotNormal, seed: 1);
        var x = TestData.Gaussian(7, 3, seed: 2);
        var y = TestData.Gaussian(7, 2, seed: 3);

        var ratio = GradientMap.FirstToLastRatio(model, x, y);

        var reference = model.Clone();
        reference.Backward(Losses.MeanSquaredError.Gradient(reference.Forward(x), y));
        var expected = reference.Blocks[0].Dense.Weights.Grad.FrobeniusNorm() / reference.Blocks[^1].Dense.Weights.Grad.FrobeniusNorm();
        Assert.Equal(expected, ratio, 1e-12);
    }

    [Fact]
    public void Compute_SigmoidRows_FallWithDepthWhileTanhStaysNearOne()
    {
        var map = Map.Value;

        foreach (var init in new[] { "glorot_uniform", "he_normal" })
        {
            var sigmoid = map.Row("sigmoid", init).Log10Ratio;
            Assert.True(sigmoid[0] > sigmoid[1] && sigmoid[1] > sigmoid[2], string.Join(", ", sigmoid));
            Assert.True(sigmoid[2] < -2.5, $"sigmoid · {init} at depth 8: {sigmoid[2]}");
            Assert.All(map.Row("tanh", init).Log10Ratio, v => Assert.InRange(v, -1.0, 1.0));
        }
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 0.25)]
    [InlineData(6, 0.0009765625)]
    [InlineData(30, 3.469446951953614e-18)]
    public void DerivativeBound_Sigmoid_IsQuarterToTheDepthMinusOne(int depth, double expected) =>
        Assert.Equal(expected, GradientMap.DerivativeBound(Activations.Sigmoid, depth), expected * 1e-12);

    [Fact]
    public void DerivativeBound_Tanh_IsOneAtEveryDepth() =>
        Assert.Equal(1.0, GradientMap.DerivativeBound(Activations.Tanh, 25));

    [Fact]
    public void DerivativeBound_Swish_IsItsPeakSlopeToTheDepthMinusOne()
    {
        // Independent reference: the largest central-difference slope of x·σ(x) on a fine grid (the peak is near x ≈ 2.4).
        static double Swish(double x) => x / (1 + Math.Exp(-x));
        var peak = Enumerable.Range(0, 200_001).Select(i => -10 + (i * 1e-4))
            .Max(x => (Swish(x + 1e-5) - Swish(x - 1e-5)) / 2e-5);

        Assert.Equal(Math.Pow(peak, 4), GradientMap.DerivativeBound(Activations.Swish, 5), 1e-8);
    }

    [Fact]
    public void Ratio_Cell_IsTenToTheLog10Ratio()
    {
        var map = Map.Value;

        Assert.Equal(Math.Pow(10, map.Row("tanh", "he_normal").Log10Ratio[2]), map.Ratio("TANH", "He_Normal", 8), 1e-15);
        Assert.Equal(1, map.IndexOf(4));
    }

    [Fact]
    public void Row_Unknown_ThrowsListingRows()
    {
        var ex = Assert.Throws<ArgumentException>(() => Map.Value.Row("relu", "he_normal"));
        Assert.Contains("sigmoid · glorot_uniform", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexOf_UnknownDepth_Throws() =>
        Assert.Throws<ArgumentException>(() => Map.Value.IndexOf(5));

    [Fact]
    public void Compute_DepthBelowTwo_Throws() =>
        Assert.Throws<ArgumentException>(() => GradientMap.Compute([1, 3], [Activations.Sigmoid], [Initializers.HeNormal], 4, 0));

    [Fact]
    public void Compute_NoActivations_Throws() =>
        Assert.Throws<ArgumentException>(() => GradientMap.Compute([3], [], [Initializers.HeNormal], 4, 0));

    [Fact]
    public void Compute_NoInitializers_Throws() =>
        Assert.Throws<ArgumentException>(() => GradientMap.Compute([3], [Activations.Tanh], [], 4, 0));

    [Fact]
    public void Compute_ZeroWidth_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientMap.Compute([3], [Activations.Tanh], [Initializers.HeNormal], 0, 0));

    [Fact]
    public void FirstToLastRatio_SingleLayerModel_Throws()
    {
        var model = Mlp.Create(2, [], 1, Activations.Tanh, Initializers.HeNormal, seed: 0);
        Assert.Throws<ArgumentException>(() => GradientMap.FirstToLastRatio(model, new Matrix(3, 2), new Matrix(3, 1)));
    }
}
