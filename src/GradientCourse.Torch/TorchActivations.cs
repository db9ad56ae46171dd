using TorchSharp;
using static TorchSharp.torch;

namespace GradientCourse.Torch;

/// <summary>Maps a library <see cref="Activation"/> to the TorchSharp module that computes the same function.</summary>
public static class TorchActivations
{
    /// <summary>The TorchSharp module for <paramref name="activation"/>, chosen by its <see cref="Activation.Name"/>.</summary>
    /// <exception cref="NotSupportedException">No TorchSharp counterpart is mapped for the activation's name.</exception>
    public static nn.Module<Tensor, Tensor> Create(Activation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return activation.Name switch
        {
            "identity" => nn.Identity(),
            "sigmoid" => nn.Sigmoid(),
            "tanh" => nn.Tanh(),
            "relu" => nn.ReLU(),

            // ---- TO EXTEND when the sibling branch's activations are merged (arms to add, by Activation.Name) ----
            // Read parameters from the library's own types (no reflection), e.g. `activation is LeakyReLU l ? l.Alpha : …`,
            // then add a gradient-agreement test per arm in TorchMlpGradientTests:
            //   "leaky_relu" => nn.LeakyReLU(((LeakyReLU)activation).Alpha),
            //   "elu"        => nn.ELU(((ELU)activation).Alpha),
            //   "selu"       => nn.SELU(),
            //   "gelu"       => nn.GELU(),          // exact erf form; use nn.GELU(Approximate.tanh) if the library uses tanh
            //   "swish"      => nn.SiLU(),          // x·σ(x)
            //   "mish"       => nn.Mish(),
            //   "softplus"   => nn.Softplus(),      // beta 1; torch switches to x above threshold 20
            //   "prelu"      => nn.PReLU(1, init: <library's initial slope>, dtype: ScalarType.Float64), then copy the slope
            // -------------------------------------------------------------------------------------------------------
            _ => throw new NotSupportedException(
                $"Activation '{activation.Name}' has no TorchSharp mapping in GradientCourse.Torch yet; supported: identity, sigmoid, tanh, relu. "
                + "Add an arm to TorchActivations.Create."),
        };
    }
}
