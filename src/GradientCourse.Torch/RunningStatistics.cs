namespace GradientCourse.Torch;

/// <summary>A batch-norm layer's running statistics, per feature.</summary>
/// <param name="Mean">Running mean.</param>
/// <param name="Variance">Running (unbiased) variance.</param>
public sealed record RunningStatistics(double[] Mean, double[] Variance);
