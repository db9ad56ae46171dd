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

            "leaky_relu" => nn.LeakyReLU(((LeakyReLU)activation).Alpha),
            "prelu" => nn.LeakyReLU(((PReLU)activation).Alpha), // a fixed slope; the learnable one is PReLULayer
            "elu" => nn.ELU(((ELU)activation).Alpha),
            "selu" => nn.SELU(),
            "gelu" => nn.GELU(), // exact x·Φ(x), as the library
            "swish" when ((Swish)activation).Beta == 1.0 => nn.SiLU(),
            "mish" => nn.Mish(),
            "softplus" => nn.Softplus(), // torch returns x itself above x = 20; the library's x + log1p(e^−x) differs by < 3e-9 there
            _ => throw new NotSupportedException(
                $"Activation '{activation.Name}' has no TorchSharp mapping in GradientCourse.Torch yet; supported: identity, sigmoid, tanh, relu, leaky_relu, prelu, elu, selu, gelu, swish (β = 1), mish, softplus. "
                + "Add an arm to TorchActivations.Create."),
        };
    }
}
