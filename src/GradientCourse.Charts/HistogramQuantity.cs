namespace GradientCourse;

/// <summary>What <see cref="Charts.ActivationHistograms(Mlp, HistogramQuantity)"/> plots for each layer.</summary>
public enum HistogramQuantity
{
    /// <summary>The block's output a = f(h) (what flows to the next layer).</summary>
    Output,

    /// <summary>The pre-activation h, the activation's input.</summary>
    PreActivation,

    /// <summary>The local derivative f'(h), the factor backprop multiplies in (near 0 = saturated or dead).</summary>
    Derivative,
}
