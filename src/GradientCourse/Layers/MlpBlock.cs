namespace GradientCourse;

/// <summary>
/// One depth step of an MLP, a read-only view over <see cref="Mlp.Layers"/>: a Dense layer and the layers after it up to
/// the next Dense (typically batch norm, then an activation; none for a linear output block). Telemetry is reported per
/// block: "layer k" is block k, counted from the input (1) to the output.
/// </summary>
public sealed record MlpBlock(int Index, Dense Dense, BatchNorm1d? BatchNorm, ActivationLayer? Activation)
{
    private readonly IReadOnlyList<ILayer> layers = Slots(Dense, BatchNorm, Activation);

    /// <summary>The block of <paramref name="layers"/> (a Dense layer first, then the layers up to the next Dense).</summary>
    public MlpBlock(int index, IReadOnlyList<ILayer> layers)
        : this(
            index,
            layers is [Dense dense, ..] ? dense : throw new ArgumentException("a block starts with its Dense layer.", nameof(layers)),
            layers.OfType<BatchNorm1d>().FirstOrDefault(),
            layers.OfType<ActivationLayer>().FirstOrDefault())
    {
        this.layers = layers;
    }

    /// <summary>The layers of the block in forward order.</summary>
    public IEnumerable<ILayer> Layers() => layers;

    /// <summary>The block's last layer's output: what it hands to the next block. Throws before the first forward pass.</summary>
    public Matrix Output => layers[^1].Output
        ?? throw new InvalidOperationException($"Block {Index} has no output yet; run a forward pass first.");

    private static List<ILayer> Slots(Dense dense, BatchNorm1d? batchNorm, ActivationLayer? activation)
    {
        List<ILayer> slots = [dense];
        if (batchNorm is not null)
        {
            slots.Add(batchNorm);
        }

        if (activation is not null)
        {
            slots.Add(activation);
        }

        return slots;
    }
}
