using GradientCourse;

namespace GradientCourse.Tests.Experiments;

public class TrainabilityMapTests
{
    private static readonly Lazy<TrainabilityMapResult> Small = SharedFixtures.SmallTrainabilityMap;

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(9.0)]
    public void GaussianExpectation_Square_IsVariance(double q) =>
        Assert.Equal(q, TrainabilityMap.GaussianExpectation(h => h * h, q), 1e-6);

    [Fact]
    public void MeanSquaredTanhDerivative_AtZero_IsOne() =>
        Assert.Equal(1.0, TrainabilityMap.MeanSquaredTanhDerivative(0), 12);

    [Theory]
    [InlineData(1.0)]
    [InlineData(6.0)]
    public void MeanSquaredTanhDerivative_MatchesMonteCarlo(double q)
    {
        var random = Seeds.Create(11);
        var sum = 0.0;
        const int n = 400_000;
        for (var i = 0; i < n; i++)
        {
            var t = Math.Tanh(Math.Sqrt(q) * random.NextGaussian());
            sum += (1 - (t * t)) * (1 - (t * t));
        }

        Assert.Equal(sum / n, TrainabilityMap.MeanSquaredTanhDerivative(q), 2e-3);
    }

    [Theory]
    [InlineData(1.25)]
    [InlineData(2.0)]
    [InlineData(4.0)]
    public void FixedPointVariance_Chaotic_IsAFixedPointAbove0(double sigma)
    {
        var q = TrainabilityMap.FixedPointVariance(sigma);

        Assert.True(q > 0);
        Assert.Equal(q, TrainabilityMap.NextVariance(sigma, q), 1e-8 * Math.Max(1, q));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void FixedPointVariance_Ordered_IsZeroAndGainIsSigmaSquared(double sigma)
    {
        Assert.Equal(0, TrainabilityMap.FixedPointVariance(sigma));
        Assert.Equal(sigma * sigma, TrainabilityMap.GradientGain(sigma), 12);
    }

    [Fact]
    public void GradientGain_AboveCritical_ExceedsOne()
    {
        Assert.True(TrainabilityMap.GradientGain(1.5) > 1);
        Assert.True(TrainabilityMap.GradientGain(3.0) > TrainabilityMap.GradientGain(1.5));
    }

    [Fact]
    public void DepthScale_OrderedPhase_IsMinusOneOverLogSigmaSquared_InfiniteAtCritical()
    {
        Assert.Equal(-1 / Math.Log(0.25), TrainabilityMap.DepthScale(0.5), 12);
        Assert.Equal(double.PositiveInfinity, TrainabilityMap.DepthScale(1.0));
        Assert.True(TrainabilityMap.DepthScale(1.5) > TrainabilityMap.DepthScale(3.0));
        Assert.True(TrainabilityMap.CorrelationGain(2.0) < 1);
    }

    [Fact]
    public void ScaledNormal_Variance_IsSigmaSquaredOverFanIn() =>
        Assert.Equal(4.0 / 50, TrainabilityMap.ScaledNormal(2.0).Variance(50, 10), 15);

    [Fact]
    public void ScaledNormal_NonPositive_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainabilityMap.ScaledNormal(0));

    [Fact]
    public void Compute_SmallSweep_ShallowCriticalTrainsDeepOrderedStalls()
    {
        var map = Small.Value;

        Assert.Equal(4, map.Cells.Count);
        Assert.True(map[2, 1.0].LossRatio < 0.5);
        Assert.True(map[20, 1.0].LossRatio < 0.5);
        Assert.True(map[20, 0.5].LossRatio > 0.9);
        Assert.All(map.Cells, c => Assert.Null(c.Divergence));
    }

    [Fact]
    public void Compute_Parallel_IsDeterministic()
    {
        var again = TrainabilityMap.Compute(Small.Value.Options);

        Assert.Equal(Small.Value.Cells.Select(c => c.FinalLoss), again.Cells.Select(c => c.FinalLoss));
    }

    [Fact]
    public void Indexer_UnknownCell_Throws() =>
        Assert.Throws<ArgumentException>(() => Small.Value[3, 1.0]);
}
