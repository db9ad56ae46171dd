using System.Globalization;
using GradientCourse;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>Every number notebooks/05-initialization.ipynb states, recomputed with the same seeds and sizes.</summary>
public class Notebook05ClaimsTests
{
    private static readonly Dataset Moons = Datasets.TwoMoons(n: 256, noise: 0.1, seed: 0);
    private static readonly Lazy<TrainabilityMapResult> Map = new(() => TrainabilityMap.Compute(new TrainabilityMapOptions()));

    private static Mlp TrainMoons(Initializer init)
    {
        var m = Mlp.Create(2, [4, 4], 1, Activations.Tanh, init, seed: 0);
        Trainer.Train(m, Moons.X, Moons.Y, Losses.BinaryCrossEntropyWithLogits, 0.5, new TrainerOptions { Epochs = 20, BatchSize = 32, RecordTelemetry = false });
        return m;
    }

    private static double UnitSpread(Matrix w) =>
        Enumerable.Range(0, w.Rows).Max(r => w.Row(r).ToArray().Max() - w.Row(r).ToArray().Min());

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    [Fact]
    public void ConstantInit_UnitsStayExactlyIdentical_ZerosNeverMove()
    {
        var zeros = TrainMoons(Initializers.Zeros);
        var constant = TrainMoons(Initializers.Constant(0.5));
        var glorot = TrainMoons(Initializers.GlorotUniform);

        Assert.All(zeros.Blocks.SelectMany(b => b.Dense.Weights.Value.Data), w => Assert.Equal(0.0, w));
        Assert.Equal(0.0, UnitSpread(constant.Blocks[0].Dense.Weights.Value));
        Assert.Equal(0.0, UnitSpread(constant.Blocks[1].Dense.Weights.Value));
        Assert.NotEqual(0.5, constant.Blocks[0].Dense.Weights.Value[0, 0]); // they moved, together
        Assert.Equal("2.0684", F(UnitSpread(glorot.Blocks[0].Dense.Weights.Value), "F4"));
    }

    [Fact]
    public void TooSmallAndTooLarge_GainsAndLayer24Scales()
    {
        Assert.Equal("0.28", F(0.05 * Math.Sqrt(32), "F2"));
        Assert.Equal("0.18", F(Math.Sqrt(2.0 / 64), "F2"));
        Assert.Equal("1.7", F(0.3 * Math.Sqrt(32), "F1"));

        var small = LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.Normal(0.05), depth: 24);
        var he = LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.HeNormal, depth: 24);
        var large = LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.Normal(0.3), depth: 24);

        Assert.Equal(-14, (int)Math.Floor(Math.Log10(small.Layers[^1].ActivationStd)));
        Assert.Equal(5, (int)Math.Floor(Math.Log10(large.Layers[^1].ActivationStd)));
        Assert.All(he.Layers, l => Assert.InRange(l.ActivationStd, 1 / 3.0, 3.0)); // "stays near 1"
    }

    [Fact]
    public void GlorotAndHe_SpreadBelow10_BadScaleAbove1e12()
    {
        LayerStatisticsReport[] pairs =
        [
            LayerStatistics.ForDeepNet(Activations.Tanh, Initializers.GlorotNormal, depth: 24),
            LayerStatistics.ForDeepNet(Activations.Tanh, Initializers.GlorotUniform, depth: 24),
            LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.HeNormal, depth: 24),
            LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.HeUniform, depth: 24),
        ];
        static double Spread(double[] v) => v.Max() / v.Min();

        foreach (var r in pairs)
        {
            Assert.True(Spread(r.Series(l => l.ActivationStd)) < 10, r.Label);
            Assert.True(Spread(r.Series(l => l.GradientStd)) < 10, r.Label);
        }

        var small = LayerStatistics.ForDeepNet(Activations.ReLU, Initializers.Normal(0.05), depth: 24);
        Assert.True(Spread(small.Series(l => l.ActivationStd)) > 1e12);

        // tanh + Glorot: activations shrink slowly; gradients shrink toward the input by about the same factor.
        foreach (var r in pairs[..2])
        {
            var act = r.Series(l => l.ActivationStd);
            var grad = r.Series(l => l.GradientStd);
            Assert.True(act[^1] < act[0]);
            Assert.True(grad[0] < grad[^1]);
            Assert.InRange(Spread(grad) / Spread(act), 1 / 1.5, 1.5);
        }
    }

    [Fact]
    public void EveryInitializer_SampleVarianceMatchesFormulaWithin2Percent()
    {
        Assert.Equal("0.8", F(100 * Math.Sqrt(2.0 / 32768), "F1"));
        foreach (var name in Initializers.KerasNames)
        {
            var init = Initializers.FromKerasName(name);
            var std = init.Sample(256, 128, Seeds.Create(0)).StandardDeviation();
            var predicted = init.Variance(256, 128);
            if (predicted == 0)
            {
                Assert.Equal(0.0, std * std);
            }
            else
            {
                Assert.InRange(std * std / predicted, 0.98, 1.02);
            }
        }

        Assert.Equal(1.0 / 256, Initializers.Orthogonal().Variance(256, 128), 15);
    }

    [Fact]
    public void GlorotAndLeCun_AreCriticalForSquareLayers()
    {
        Assert.Equal(1.0, 64 * Initializers.GlorotNormal.Variance(64, 64), 12);
        Assert.Equal(1.0, 64 * Initializers.LeCunNormal.Variance(64, 64), 12);
    }

    [Fact]
    public void Selu_WithLeCun_MeanNearZeroStdNearOneOver32Layers()
    {
        Assert.Equal("1.0507", F(SELU.Lambda, "F4"));
        Assert.Equal("1.6733", F(SELU.Alpha, "F4"));
        var selu = LayerStatistics.ForDeepNet(Activations.SELU, Initializers.LeCunNormal, depth: 32);

        Assert.Equal(32, selu.Layers.Count);
        Assert.All(selu.Layers, l => Assert.InRange(l.ActivationMean, -0.1, 0.1));
        Assert.All(selu.Layers, l => Assert.InRange(l.ActivationStd, 0.9, 1.1));
    }

    [Fact]
    public void TrainabilityMap_DefaultSweep_MatchesTheProse()
    {
        var map = Map.Value;
        var o = map.Options;

        Assert.Equal(64, map.Cells.Count);
        Assert.Equal((8, 60), (o.Width, o.Steps));
        Assert.Equal([2, 6, 10, 14, 18, 22, 26, 30], o.Depths);
        Assert.Equal((0.5, 4.0), (o.WeightScales[0], o.WeightScales[^1]));

        // "about 0.15 means it learned the curve"
        Assert.Equal("0.15", F(map[10, 1.0].LossRatio, "F2"));
        // σ_w = 1: every depth up to 30 trains.
        Assert.All(o.Depths, d => Assert.True(map[d, 1.0].LossRatio < 0.3));
        // Ordered phase: learn when shallow, nothing from depth 10 (σ_w = 0.5) and 18 (σ_w = 0.75) on.
        Assert.All(o.Depths.Where(d => d < 10), d => Assert.True(map[d, 0.5].LossRatio < 0.5));
        Assert.All(o.Depths.Where(d => d >= 10), d => Assert.True(map[d, 0.5].LossRatio > 0.9));
        Assert.All(o.Depths.Where(d => d < 18), d => Assert.True(map[d, 0.75].LossRatio < 0.5));
        Assert.All(o.Depths.Where(d => d >= 18), d => Assert.True(map[d, 0.75].LossRatio > 0.9));
        Assert.Equal("4.3", F(6 * TrainabilityMap.DepthScale(0.5), "F1"));
        Assert.Equal("10.4", F(6 * TrainabilityMap.DepthScale(0.75), "F1"));
        Assert.InRange(10 / (6 * TrainabilityMap.DepthScale(0.5)), 1.0, 2.5);   // "within a factor of about 2"
        Assert.InRange(18 / (6 * TrainabilityMap.DepthScale(0.75)), 1.0, 2.5);
        // Chaotic phase: failures only among the deep runs.
        var chaotic = map.Cells.Where(c => c.WeightScale > 1).ToList();
        Assert.All(chaotic.Where(c => c.Depth <= 10), c => Assert.True(c.LossRatio < 0.5));
        Assert.Contains(chaotic, c => c.Depth >= 14 && c.LossRatio > 0.9);
    }

    [Fact]
    public void MeanField_CriticalAtOne_ChiAboveOneInChaoticPhase()
    {
        Assert.Equal(1.0, TrainabilityMap.GradientGain(1.0), 12);
        var scales = new TrainabilityMapOptions().WeightScales;
        Assert.All(scales.Where(s => s < 1), s => Assert.Equal(0.0, TrainabilityMap.FixedPointVariance(s)));
        Assert.All(scales.Where(s => s > 1), s => Assert.True(TrainabilityMap.GradientGain(s) > 1));
    }
}
