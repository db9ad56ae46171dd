namespace GradientCourse;

/// <summary>
/// A sequential network: an ordered list of <see cref="ILayer"/>s run front to back (forward) and back to front
/// (backward). <see cref="Create(int, IReadOnlyList{int}, int, Activation, Initializer, int, bool, Activation?)"/> builds
/// the usual MLP (Dense → [BatchNorm1d] → activation blocks, then a Dense output layer); <see cref="Blocks"/> views the
/// layers as one block per Dense layer. Introduced in notebooks/01-chain-rule.ipynb.
/// </summary>
public sealed class Mlp
{
    private readonly ILayer[] layers;
    private readonly int[] blockOfLayer;

    /// <summary>Wraps already-built blocks (input to output).</summary>
    public Mlp(IReadOnlyList<MlpBlock> blocks)
        : this(RequireBlocks(blocks).SelectMany(b => b.Layers()))
    {
    }

    /// <summary>
    /// A network of <paramref name="layers"/> in forward order. The first is a <see cref="Dense"/> layer; each Dense
    /// layer starts a block (telemetry's "layer k"); the sizes of consecutive Dense layers must chain.
    /// </summary>
    public Mlp(IEnumerable<ILayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        this.layers = [.. layers];
        if (this.layers.Length == 0 || this.layers[0] is not Dense)
        {
            throw new ArgumentException("layers must start with a Dense layer (the network's input layer).", nameof(layers));
        }

        var blocks = new List<MlpBlock>();
        var blockLayers = new List<ILayer>();
        blockOfLayer = new int[this.layers.Length];
        Dense? previous = null;
        for (var i = 0; i < this.layers.Length; i++)
        {
            var layer = this.layers[i] ?? throw new ArgumentException($"layers[{i}] is null.", nameof(layers));
            if (layer is Dense dense)
            {
                if (previous is not null && dense.FanIn != previous.FanOut)
                {
                    throw new ArgumentException(
                        $"block {blocks.Count + 2} has fanIn {dense.FanIn} but block {blocks.Count + 1} outputs {previous.FanOut} units; sizes must chain.",
                        nameof(layers));
                }

                if (previous is not null)
                {
                    blocks.Add(new MlpBlock(blocks.Count + 1, blockLayers));
                    blockLayers = [];
                }

                previous = dense;
            }

            blockLayers.Add(layer);
            blockOfLayer[i] = blocks.Count + 1;
        }

        blocks.Add(new MlpBlock(blocks.Count + 1, blockLayers));
        Blocks = blocks;
        Parameters = this.layers.SelectMany(l => l.Parameters).ToList();
    }

    /// <summary>
    /// Builds an MLP: inputSize → hiddenSizes… → outputSize, with <paramref name="activation"/> after every hidden
    /// layer, weights from <paramref name="initializer"/>, zero biases, optional batch norm before each activation,
    /// and <paramref name="outputActivation"/> (default identity: logits or regression outputs). A stochastic activation
    /// (RReLU) draws from a stream seeded by <paramref name="seed"/> and the layer's number.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or a layer would have more weights than one
    /// array can hold; the message names the argument, the layer and the sizes.</exception>
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
        ArgumentNullException.ThrowIfNull(activation);
        return Create(inputSize, hiddenSizes, outputSize, k => new ActivationLayer(activation, $"{activation.Name}{k}", LayerSeed(seed, k)), initializer, seed, batchNorm, outputActivation);
    }

    /// <summary>
    /// Builds an MLP like <see cref="Create(int, IReadOnlyList{int}, int, Activation, Initializer, int, bool, Activation?)"/>
    /// with any layer after hidden layer k (1-based) made by <paramref name="activationLayer"/>, e.g. a learnable
    /// <c>k =&gt; new PReLULayer(name: $"prelu{k}")</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or a layer would have more weights than one
    /// array can hold; the message names the argument, the layer and the sizes.</exception>
    public static Mlp Create(
        int inputSize,
        IReadOnlyList<int> hiddenSizes,
        int outputSize,
        Func<int, ILayer> activationLayer,
        Initializer initializer,
        int seed,
        bool batchNorm = false,
        Activation? outputActivation = null)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentNullException.ThrowIfNull(activationLayer);
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

        // Check every layer's size before allocating any, so an absurd last layer fails fast and names itself.
        var sizes = hiddenSizes.Prepend(inputSize).Append(outputSize).ToArray();
        for (var k = 1; k < sizes.Length; k++)
        {
            var weights = (long)sizes[k - 1] * sizes[k];
            if (weights > Array.MaxLength)
            {
                var argument = k == sizes.Length - 1 ? $"outputSize ({outputSize})" : $"hiddenSizes[{k - 1}] ({sizes[k]})";
                var from = k == 1 ? $"inputSize ({inputSize})" : $"hiddenSizes[{k - 2}] ({sizes[k - 1]})";
                throw new ArgumentOutOfRangeException(
                    k == sizes.Length - 1 ? nameof(outputSize) : nameof(hiddenSizes),
                    sizes[k],
                    $"Layer 'dense{k}' would have {sizes[k - 1]} × {sizes[k]} = {weights} weights ({weights * 8.0 / (1L << 30):0.#} GiB), more than the " +
                    $"{Array.MaxLength} one array can hold: {from} feeds {argument}. Use far fewer units (hidden layers of 16–1024 units are typical).");
            }
        }

        var random = Seeds.Create(seed);
        var layers = new List<ILayer>();
        var fanIn = inputSize;
        for (var i = 0; i < hiddenSizes.Count; i++)
        {
            var k = i + 1;
            layers.Add(new Dense(fanIn, hiddenSizes[i], initializer, random, $"dense{k}"));
            if (batchNorm)
            {
                layers.Add(new BatchNorm1d(hiddenSizes[i], name: $"batchnorm{k}"));
            }

            layers.Add(activationLayer(k) ?? throw new ArgumentException($"activationLayer returned null for layer {k}.", nameof(activationLayer)));
            fanIn = hiddenSizes[i];
        }

        var last = hiddenSizes.Count + 1;
        layers.Add(new Dense(fanIn, outputSize, initializer, random, $"dense{last}"));
        if (outputActivation is not null)
        {
            layers.Add(new ActivationLayer(outputActivation, $"{outputActivation.Name}{last}", LayerSeed(seed, last)));
        }

        return new Mlp(layers);
    }

    /// <summary>The blocks, input to output.</summary>
    public IReadOnlyList<MlpBlock> Blocks { get; }

    /// <summary>Every layer in forward order.</summary>
    public IReadOnlyList<ILayer> Layers => layers;

    /// <summary>The block number (1-based, as in <see cref="MlpBlock.Index"/>) of layer <paramref name="layerIndex"/> of <see cref="Layers"/>.</summary>
    public int BlockOf(int layerIndex) => blockOfLayer[layerIndex];

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
        for (var i = 0; i < layers.Length; i++)
        {
            h = layers[i].Forward(h, training);
        }

        return h;
    }

    /// <summary>Backpropagates dL/dyHat through every layer (output to input), writing every parameter's gradient; returns dL/dx.</summary>
    public Matrix Backward(Matrix dYHat)
    {
        ArgumentNullException.ThrowIfNull(dYHat);
        var g = dYHat;
        for (var i = layers.Length - 1; i >= 0; i--)
        {
            g = layers[i].Backward(g);
        }

        return g;
    }

    /// <summary>A deep copy with the same weights (and batch-norm statistics), sharing no buffers. Every layer must be an <see cref="ICloneableLayer"/>.</summary>
    public Mlp Clone() => new(layers.Select(l => l is ICloneableLayer c
        ? c.Clone()
        : throw new NotSupportedException($"Layer '{l.Name}' ({l.GetType().Name}) cannot be cloned; implement ICloneableLayer.")));

    /// <inheritdoc />
    public override string ToString() =>
        $"Mlp({InputSize} → {string.Join(" → ", Blocks.Select(b => b.Dense.FanOut))}, {ParameterCount} parameters): "
        + string.Join(", ", layers.Select(l => l.Name));

    /// <summary>The seed of the draws of a stochastic activation after hidden layer <paramref name="k"/>.</summary>
    private static int LayerSeed(int seed, int k) => unchecked((seed * 1000) + k);

    private static IReadOnlyList<MlpBlock> RequireBlocks(IReadOnlyList<MlpBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            throw new ArgumentException("blocks is empty; an MLP needs at least its output layer.", nameof(blocks));
        }

        return blocks;
    }
}
