namespace GradientCourse;

/// <summary>A layer that can copy itself: same parameter values and statistics, no shared buffers (used by <see cref="Mlp.Clone"/>).</summary>
public interface ICloneableLayer
{
    /// <summary>A deep copy of this layer's state (parameters, running statistics, name), sharing no buffers.</summary>
    ILayer Clone();
}
