namespace GradientCourse;

/// <summary>
/// A layer: Forward caches what Backward needs; Backward takes dLoss/dOutput, writes the gradients
/// of the layer's parameters and returns dLoss/dInput. Layers keep their last output for inspection.
/// </summary>
public interface ILayer
{
    /// <summary>A readable name such as "dense3" or "sigmoid3".</summary>
    string Name { get; }

    /// <summary>The learnable parameters (empty for parameter-free layers).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The output of the last Forward call, or null before the first.</summary>
    Matrix? Output { get; }

    /// <summary>Computes the output for a batch (rows = examples); <paramref name="training"/> selects train or eval behaviour.</summary>
    Matrix Forward(Matrix x, bool training = true);

    /// <summary>Given dY = dLoss/dOutput of the last Forward, writes parameter gradients and returns dX = dLoss/dInput.</summary>
    Matrix Backward(Matrix dY);
}
