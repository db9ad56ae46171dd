namespace GradientCourse;

/// <summary>A loss L(yHat, y) averaged over the batch, with its gradient dL/dyHat. Pure: no state.</summary>
public abstract class Loss
{
    /// <summary>Name used in legends, e.g. "mse".</summary>
    public abstract string Name { get; }

    /// <summary>The loss value for predictions <paramref name="yHat"/> and targets <paramref name="y"/>.</summary>
    public abstract double Value(Matrix yHat, Matrix y);

    /// <summary>dL/dyHat, same shape as yHat.</summary>
    public abstract Matrix Gradient(Matrix yHat, Matrix y);

    /// <summary>
    /// <see cref="Gradient"/> written into <paramref name="buffer"/> when the loss supports it and the shape fits
    /// (the trainer reuses one buffer per run); the default allocates as <see cref="Gradient"/> does.
    /// </summary>
    internal virtual Matrix GradientInto(Matrix yHat, Matrix y, Matrix? buffer) => Gradient(yHat, y);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Throws unless yHat and y have the same shape.</summary>
    protected static void RequireSameShape(Matrix yHat, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(yHat);
        ArgumentNullException.ThrowIfNull(y);
        Matrix.RequireSameShape(yHat, y, nameof(y));
    }
}
