using TorchSharp;
using static TorchSharp.torch;

namespace GradientCourse.Torch;

/// <summary>
/// Maps a library <see cref="Activation"/> to the TorchSharp module that computes the same function: the module's name
/// comes from the activation's <see cref="Activations.Registry"/> row, its arguments from <see cref="Activation.TorchArguments"/>.
/// </summary>
public static class TorchActivations
{
    /// <summary>The torch.nn modules activations map to, by name, built from their arguments (one line per torch module).</summary>
    private static readonly Dictionary<string, Func<IReadOnlyList<double>, nn.Module<Tensor, Tensor>>> Modules = new(StringComparer.Ordinal)
    {
        ["Identity"] = _ => nn.Identity(),
        ["Sigmoid"] = _ => nn.Sigmoid(),
        ["Tanh"] = _ => nn.Tanh(),
        ["ReLU"] = _ => nn.ReLU(),
        ["LeakyReLU"] = a => nn.LeakyReLU(a[0]),
        ["RReLU"] = a => nn.RReLU(a[0], a[1]),
        ["ELU"] = a => nn.ELU(a[0]),
        ["SELU"] = _ => nn.SELU(),
        ["GELU"] = _ => nn.GELU(), // exact x·Φ(x), as the library
        ["SiLU"] = _ => nn.SiLU(),
        ["Mish"] = _ => nn.Mish(),
        ["Softplus"] = _ => nn.Softplus(), // torch returns x itself above x = 20; the library's x + log1p(e^−x) differs by < 3e-9 there
    };

    /// <summary>The TorchSharp module for <paramref name="activation"/> (a stochastic one, RReLU, draws its own slopes in train mode).</summary>
    /// <exception cref="NotSupportedException">The activation, or these parameter values, have no TorchSharp counterpart.</exception>
    public static nn.Module<Tensor, Tensor> Create(Activation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        var row = Activations.Registry.FirstOrDefault(r => r.Name == activation.Name);
        if (row?.TorchName is { } torchName && activation.TorchArguments is { } arguments && Modules.TryGetValue(torchName, out var create))
        {
            return create(arguments);
        }

        throw new NotSupportedException(
            $"Activation '{activation}' has no TorchSharp mapping in GradientCourse.Torch yet; supported: "
            + string.Join(", ", Activations.Registry.Where(r => r.TorchName is not null).Select(r => r.Name))
            + " (swish with β = 1 only). Name the torch.nn module in the activation's Activations.Registry row, return its arguments from TorchArguments, and add the module to TorchActivations.Modules if it is new.");
    }
}
