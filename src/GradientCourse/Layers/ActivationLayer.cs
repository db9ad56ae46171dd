namespace GradientCourse;

/// <summary>
/// Applies an <see cref="Activation"/> element-wise; keeps its input (pre-activations) and output for telemetry.
/// A stochastic activation (<see cref="IStochasticActivation"/>, e.g. RReLU) draws from this layer's seeded
/// <see cref="Random"/> in training and uses its evaluation form otherwise.
/// </summary>
public sealed class ActivationLayer : ILayer, ICloneableLayer
{
    private readonly Random random;
    private Matrix? input;
    private Matrix? output;
    private Matrix? dX;
    private Matrix? trainingDerivative;
    private bool usedTrainingDraws;

    /// <summary>A layer applying <paramref name="activation"/>; <paramref name="seed"/> seeds the draws of a stochastic activation in training.</summary>
    public ActivationLayer(Activation activation, string? name = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Activation = activation;
        Name = name ?? activation.Name;
        Seed = seed;
        random = Seeds.Create(seed);
    }

    /// <summary>The seed of the draws of a stochastic activation (unused by deterministic ones).</summary>
    public int Seed { get; }

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
        output = Matrix.Reuse(output, x.Rows, x.Cols);
        if (training && Activation is IStochasticActivation stochastic)
        {
            // the draws of this pass decide the local derivatives, so Backward uses them rather than f'(x)
            trainingDerivative = Matrix.Reuse(trainingDerivative, x.Rows, x.Cols);
            stochastic.ForwardTraining(x.Data, output.Data, trainingDerivative.Data, random);
            usedTrainingDraws = true;
        }
        else
        {
            Activation.Forward(x.Data, output.Data);
            usedTrainingDraws = false;
        }

        return output;
    }

    /// <inheritdoc />
    public Matrix Backward(Matrix dY)
    {
        ArgumentNullException.ThrowIfNull(dY);
        var x = input ?? throw new InvalidOperationException($"Call Forward on '{Name}' before Backward.");
        Matrix.RequireSameShape(x, dY, nameof(dY));
        dX = Matrix.Reuse(dX, x.Rows, x.Cols);
        if (usedTrainingDraws)
        {
            var d = trainingDerivative!.Data;
            for (var i = 0; i < d.Length; i++)
            {
                dX.Data[i] = dY.Data[i] * d[i];
            }
        }
        else
        {
            Activation.Backward(x.Data, output!.Data, dY.Data, dX.Data);
        }

        return dX;
    }

    /// <summary>A layer with the same activation, name and seed (a stochastic activation's draws restart from the seed).</summary>
    public ILayer Clone() => new ActivationLayer(Activation, Name, Seed);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Activation.Name}";
}
