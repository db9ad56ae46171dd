namespace GradientCourse;

/// <summary>The losses of the course.</summary>
public static partial class Losses
{
    /// <summary>Mean squared error, for regression.</summary>
    public static MeanSquaredError MeanSquaredError { get; } = new();
}
