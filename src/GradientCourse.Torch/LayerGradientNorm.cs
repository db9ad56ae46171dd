namespace GradientCourse.Torch;

/// <summary>The size of one block's gradients after a backward pass. Layer 1 is nearest the input.</summary>
/// <param name="Layer">Block index (1 = first hidden layer, Depth = output layer), as in the library's telemetry.</param>
/// <param name="Name">The block's Dense layer name, e.g. "dense3".</param>
/// <param name="WeightGradNorm">‖dW‖ (Frobenius) of the block's weights.</param>
/// <param name="BiasGradNorm">‖db‖ of the block's bias.</param>
public sealed record LayerGradientNorm(int Layer, string Name, double WeightGradNorm, double BiasGradNorm);
