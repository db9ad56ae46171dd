namespace GradientCourse;

/// <summary>The classification losses, both on logits (the output layer has no activation).</summary>
public static partial class Losses
{
    /// <summary>Binary cross-entropy on logits ("bce_with_logits"), for 0/1 targets.</summary>
    public static BinaryCrossEntropyWithLogits BinaryCrossEntropyWithLogits { get; } = new();

    /// <summary>Softmax cross-entropy on logits ("softmax_cross_entropy"), for one-hot or probability rows.</summary>
    public static SoftmaxCrossEntropy SoftmaxCrossEntropy { get; } = new();
}
