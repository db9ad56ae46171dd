using GradientCourse;

namespace GradientCourse.Tests;

/// <summary>Results that take seconds to compute and that several test classes (and test projects) read.</summary>
internal static class SharedFixtures
{
    /// <summary>A 2 × 2 trainability map: depths 2 and 20, weight scales σ_w = 0.5 and 1.0, default options otherwise.</summary>
    public static readonly Lazy<TrainabilityMapResult> SmallTrainabilityMap = new(() => TrainabilityMap.Compute(new TrainabilityMapOptions
    {
        Depths = [2, 20],
        WeightScales = [0.5, 1.0],
    }));
}
