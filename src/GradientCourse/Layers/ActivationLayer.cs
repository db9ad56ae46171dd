namespace GradientCourse;

/// <summary>Applies an <see cref="Activation"/> element-wise; keeps its input (pre-activations) and output for telemetry.</summary>
public sealed class ActivationLayer : ILayer
{
    private Matrix? input;
    private Matrix? output;
    private Matrix? dX;

    /// <summary>A layer applying <paramref name="activation"/>.</summary>
    public ActivationLayer(Activation activation, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Activation = activation;
        Name = name ?? activation.Name;
    }

    /// <summary>The function applied.</summary>
    public Activation Activation { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The pre-activations h of the last Forward call.</summary>
    public Matrix? Input => input;

    /// <inheritdoc />
    public Matrix? Output => output;

    /// <inheritdoc />
    public Matrix Forward(Matrix x, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        input = x;
        output = Dense.Reuse(output, x.Rows, x.Cols);
        Activation.Forward(x.Data, output.Data);
        return output;
    }

    /// <inheritdoc />
    public Matrix Backward(Matrix dY)
    {
        ArgumentNullException.ThrowIfNull(dY);
        var x = input ?? throw new InvalidOperationException($"Call Forward on '{Name}' before Backward.");
        Matrix.RequireSameShape(x, dY, nameof(dY));
        dX = Dense.Reuse(dX, x.Rows, x.Cols);
        Activation.Backward(x.Data, output!.Data, dY.Data, dX.Data);
        return dX;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Activation.Name}";
}
