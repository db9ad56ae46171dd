using GradientCourse.Kernels;

namespace GradientCourse;

/// <summary>Summary statistics of a span of numbers, shared by telemetry and the experiments.</summary>
internal static class SpanStatistics
{
    /// <summary>Mean and population standard deviation, two passes (vectorised, fixed order, so deterministic).</summary>
    public static (double Mean, double Std) MeanAndStd(ReadOnlySpan<double> values) => VectorOps.MeanAndStd(values);
}
