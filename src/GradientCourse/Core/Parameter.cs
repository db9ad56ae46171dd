namespace GradientCourse;

/// <summary>A learnable tensor and its gradient (same shape), e.g. a layer's weights W and dW.</summary>
public sealed class Parameter
{
    /// <summary>Wraps <paramref name="value"/> (not copied) with a zero gradient.</summary>
    public Parameter(string name, Matrix value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Grad = new Matrix(value.Rows, value.Cols);
    }

    /// <summary>A readable name such as "layer3.W".</summary>
    public string Name { get; }

    /// <summary>The current values.</summary>
    public Matrix Value { get; }

    /// <summary>dLoss/dValue from the last backward pass.</summary>
    public Matrix Grad { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Value.Shape})";
}
