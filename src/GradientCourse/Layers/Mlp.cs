namespace GradientCourse;

/// <summary>
/// A sequential multi-layer perceptron: blocks of Dense → [BatchNorm1d] → activation, then a Dense output
/// block (with an optional output activation). Built in one call by <see cref="Create"/>.
/// </summary>
public sealed class Mlp
{
    private readonly List<ILayer> layers;

    /// <summary>Wraps already-built blocks (input to output).</summary>
    public Mlp(IReadOnlyList<MlpBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            throw new ArgumentException("blocks is empty; an MLP needs at least its output layer.", nameof(blocks));
        }

        for (var i = 1; i < blocks.Count; i++)
        {
            if (blocks[i].Dense.FanIn != blocks[i - 1].Dense.FanOut)
            {
                throw new ArgumentException(
                    $"block {i + 1} has fanIn {blocks[i].Dense.FanIn} but block {i} outputs {blocks[i - 1].Dense.FanOut} units; sizes must chain.",
                    nameof(blocks));
            }
        }

        Blocks = blocks;
        layers = blocks.SelectMany(b => b.Layers()).ToList();
        Parameters = layers.SelectMany(l => l.Parameters).ToList();
    }

    /// <summary>
    /// Builds an MLP: inputSize → hiddenSizes… → outputSize, with <paramref name="activation"/> after every hidden
    /// layer, weights from <paramref name="initializer"/>, zero biases, optional batch norm before each activation,
    /// and <paramref name="outputActivation"/> (default identity: logits or regression outputs).
    /// </summary>
    public static Mlp Create(
        int inputSize,
        IReadOnlyList<int> hiddenSizes,
        int outputSize,
        Activation activation,
        Initializer initializer,
        int seed,
        bool batchNorm = false,
        Activation? outputActivation = null)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(initializer);
        if (inputSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "inputSize must be positive: the number of features per example.");
        }

        if (outputSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "outputSize must be positive: the number of outputs per example.");
        }

        for (var i = 0; i < hiddenSizes.Count; i++)
        {
            if (hiddenSizes[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(hiddenSizes), hiddenSizes[i], $"hiddenSizes[{i}] is {hiddenSizes[i]}; every hidden layer needs at least one unit.");
            }
        }

        var random = Seeds.Create(seed);
        var blocks = new List<MlpBlock>();
        var fanIn = inputSize;
        for (var i = 0; i < hiddenSizes.Count; i++)
        {
            var k = i + 1;
            var dense = new Dense(fanIn, hiddenSizes[i], initializer, random, $"dense{k}");
            var bn = batchNorm ? new BatchNorm1d(hiddenSizes[i], name: $"batchnorm{k}") : null;
            blocks.Add(new MlpBlock(k, dense, bn, new ActivationLayer(activation, $"{activation.Name}{k}")));
            fanIn = hiddenSizes[i];
        }

        var last = hiddenSizes.Count + 1;
        var output = new Dense(fanIn, outputSize, initializer, random, $"dense{last}");
        var outAct = outputActivation is null ? null : new ActivationLayer(outputActivation, $"{outputActivation.Name}{last}");
        blocks.Add(new MlpBlock(last, output, null, outAct));
        return new Mlp(blocks);
    }

    /// <summary>The blocks, input to output.</summary>
    public IReadOnlyList<MlpBlock> Blocks { get; }

    /// <summary>Every layer in forward order.</summary>
    public IReadOnlyList<ILayer> Layers => layers;

    /// <summary>Every learnable parameter, input to output.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Number of Dense layers (hidden + output).</summary>
    public int Depth => Blocks.Count;

    /// <summary>Number of input features.</summary>
    public int InputSize => Blocks[0].Dense.FanIn;

    /// <summary>Number of outputs.</summary>
    public int OutputSize => Blocks[^1].Dense.FanOut;

    /// <summary>Total count of learnable numbers.</summary>
    public int ParameterCount => Parameters.Sum(p => p.Value.Length);

    /// <summary>Runs the batch through every layer; returns yHat.</summary>
    public Matrix Forward(Matrix x, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != InputSize)
        {
            throw new ArgumentException($"x has {x.Cols} features but the model expects {InputSize}; pass a batch of shape n × {InputSize}.", nameof(x));
        }

        var h = x;
        foreach (var layer in layers)
        {
            h = layer.Forward(h, training);
        }

        return h;
    }

    /// <summary>Backpropagates dL/dyHat through every layer (output to input), writing every parameter's gradient; returns dL/dx.</summary>
    public Matrix Backward(Matrix dYHat)
    {
        ArgumentNullException.ThrowIfNull(dYHat);
        var g = dYHat;
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            g = layers[i].Backward(g);
        }

        return g;
    }

    /// <summary>A deep copy with the same weights (and batch-norm statistics), sharing no buffers.</summary>
    public Mlp Clone()
    {
        var blocks = Blocks.Select(b =>
        {
            var dense = new Dense(b.Dense.Weights.Value, b.Dense.Bias.Value, b.Dense.Name);
            BatchNorm1d? bn = null;
            if (b.BatchNorm is { } src)
            {
                bn = new BatchNorm1d(src.Features, src.Epsilon, src.Momentum, src.Name);
                src.Gamma.Value.CopyTo(bn.Gamma.Value);
                src.Beta.Value.CopyTo(bn.Beta.Value);
                src.RunningMean.CopyTo(bn.RunningMean, 0);
                src.RunningVariance.CopyTo(bn.RunningVariance, 0);
            }

            var act = b.Activation is null ? null : new ActivationLayer(b.Activation.Activation, b.Activation.Name);
            return new MlpBlock(b.Index, dense, bn, act);
        }).ToList();
        return new Mlp(blocks);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Mlp({InputSize} → {string.Join(" → ", Blocks.Select(b => b.Dense.FanOut))}, {ParameterCount} parameters): "
        + string.Join(", ", layers.Select(l => l.Name));
}
