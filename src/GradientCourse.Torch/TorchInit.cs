using TorchSharp;
using static TorchSharp.torch;

namespace GradientCourse.Torch;

/// <summary>
/// Samples weights with TorchSharp's nn.init functions into a library <see cref="Matrix"/> of shape fanIn × fanOut.
/// Torch stores a Linear weight as fanOut × fanIn, so the tensor is drawn in that shape (torch computes its fans
/// from it) and transposed. Pass a seed to call torch.random.manual_seed first.
/// </summary>
public static class TorchInit
{
    /// <summary>kaiming_normal_ (He normal, mode fan_in, ReLU gain √2): N(0, 2/fanIn).</summary>
    public static Matrix KaimingNormal(int fanIn, int fanOut, long? seed = null) =>
        Sample(fanIn, fanOut, seed, w => nn.init.kaiming_normal_(w, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU));

    /// <summary>kaiming_uniform_ (He uniform, mode fan_in, ReLU gain √2): U(±√(6/fanIn)).</summary>
    public static Matrix KaimingUniform(int fanIn, int fanOut, long? seed = null) =>
        Sample(fanIn, fanOut, seed, w => nn.init.kaiming_uniform_(w, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU));

    /// <summary>
    /// xavier_normal_ (Glorot normal, gain 1). PyTorch samples N(0, 2/(fanIn + fanOut)), but TorchSharp 0.107.0 samples
    /// U(±√(6/(fanIn + fanOut))) here, the same numbers as <see cref="XavierUniform"/> for the same seed: the variance is
    /// right, the distribution is uniform (see TorchInitTests). Use the library's Initializers.GlorotNormal for a true normal.
    /// </summary>
    public static Matrix XavierNormal(int fanIn, int fanOut, long? seed = null) =>
        Sample(fanIn, fanOut, seed, w => nn.init.xavier_normal_(w));

    /// <summary>xavier_uniform_ (Glorot uniform, gain 1): U(±√(6/(fanIn + fanOut))).</summary>
    public static Matrix XavierUniform(int fanIn, int fanOut, long? seed = null) =>
        Sample(fanIn, fanOut, seed, w => nn.init.xavier_uniform_(w));

    /// <summary>Samples by torch's name for the initializer: "kaiming_normal_", "kaiming_uniform_", "xavier_normal_", "xavier_uniform_" (trailing underscore optional).</summary>
    public static Matrix Sample(string name, int fanIn, int fanOut, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.TrimEnd('_') switch
        {
            "kaiming_normal" => KaimingNormal(fanIn, fanOut, seed),
            "kaiming_uniform" => KaimingUniform(fanIn, fanOut, seed),
            "xavier_normal" => XavierNormal(fanIn, fanOut, seed),
            "xavier_uniform" => XavierUniform(fanIn, fanOut, seed),
            _ => throw new ArgumentException(
                $"Unknown torch initializer '{name}'; use kaiming_normal_, kaiming_uniform_, xavier_normal_ or xavier_uniform_.", nameof(name)),
        };
    }

    private static Matrix Sample(int fanIn, int fanOut, long? seed, Func<Tensor, Tensor> init)
    {
        if (fanIn <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fanIn), fanIn, $"fanIn must be positive (the number of inputs to the layer), got {fanIn}.");
        }

        if (fanOut <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fanOut), fanOut, $"fanOut must be positive (the number of units in the layer), got {fanOut}.");
        }

        if (seed is { } s)
        {
            TorchSeeds.Manual(s);
        }

        using var scope = torch.NewDisposeScope();
        var w = torch.empty(fanOut, fanIn, dtype: ScalarType.Float64);
        using (torch.no_grad())
        {
            init(w);
        }

        return TorchConvert.ToMatrix(w.t());
    }
}
