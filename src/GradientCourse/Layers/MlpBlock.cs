namespace GradientCourse;

/// <summary>
/// One depth step of an MLP: a Dense layer, optionally batch norm, then an activation (none for the output block).
/// Telemetry is reported per block: "layer k" is block k, counted from the input (1) to the output.
/// </summary>
public sealed record MlpBlock(int Index, Dense Dense, BatchNorm1d? BatchNorm, ActivationLayer? Activation)
{
    /// <summary>The layers of the block in forward order.</summary>
    public IEnumerable<ILayer> Layers()
    {
        yield return Dense;
        if (BatchNorm is not null)
        {
            yield return BatchNorm;
        }

        if (Activation is not null)
        {
            yield return Activation;
        }
    }
}
