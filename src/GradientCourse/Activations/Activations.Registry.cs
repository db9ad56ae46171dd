namespace GradientCourse;

/// <summary>The table of activations that lookups, lists, the TorchSharp bridge and the tests read.</summary>
public static partial class Activations
{
    /// <summary>
    /// Every activation of the course, one row each, in teaching order. Adding an activation = its file (the class, with
    /// f and f' side by side) + one row here (+ the notebook text that introduces it).
    /// </summary>
    public static IReadOnlyList<ActivationInfo> Registry { get; } =
    [
        new("sigmoid", () => Sigmoid, KerasName: "sigmoid", TorchName: "Sigmoid"),
        new("tanh", () => Tanh, KerasName: "tanh", TorchName: "Tanh"),
        new("relu", () => ReLU, KerasName: "relu", TorchName: "ReLU"),
        new("leaky_relu", () => LeakyReLU(), KerasName: "leaky_relu", TorchName: "LeakyReLU", Variants: [() => LeakyReLU(0.2)]),
        new("prelu", () => PReLU(), KerasName: "PReLU", TorchName: "LeakyReLU", Variants: [() => PReLU(-1.5)]), // fixed α; PReLULayer learns it
        new("rrelu", () => RReLU(), KerasName: null, TorchName: "RReLU", Variants: [() => RReLU(0.05, 0.6)]),
        new("elu", () => ELU(), KerasName: "elu", TorchName: "ELU", Variants: [() => ELU(2.5)]),
        new("selu", () => SELU, KerasName: "selu", TorchName: "SELU"),
        new("gelu", () => GELU, KerasName: "gelu", TorchName: "GELU"), // exact x·Φ(x) on both sides
        new("swish", () => Swish, KerasName: "silu", TorchName: "SiLU", Aliases: ["silu"], Variants: [() => new Swish(2.0)]),
        new("mish", () => Mish, KerasName: "mish", TorchName: "Mish"),
        new("softplus", () => Softplus, KerasName: "softplus", TorchName: "Softplus"),
        new("identity", () => Identity, KerasName: "linear", TorchName: "Identity", Aliases: ["linear"]),
    ];

    /// <summary>One of each activation (default parameters), in the registry's teaching order. Handy for charts.</summary>
    public static IReadOnlyList<Activation> All => [.. Registry.Select(r => r.Create())];

    /// <summary>Every name <see cref="FromName"/> accepts (lower case; "silu" is an alias of "swish", "linear" of "identity").</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Registry.SelectMany(r => r.Names)];

    /// <summary>
    /// The activation called <paramref name="name"/> (case-insensitive, default parameters), e.g. "relu" or "GELU".
    /// Throws <see cref="ArgumentException"/> listing the valid names when the name is unknown.
    /// </summary>
    public static Activation FromName(string name) => Info(name).Create();

    /// <summary>The registry row for <paramref name="name"/> (case-insensitive; aliases too). Throws listing the valid names when unknown.</summary>
    public static ActivationInfo Info(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        foreach (var row in Registry)
        {
            if (row.Names.Contains(key))
            {
                return row;
            }
        }

        throw new ArgumentException($"Unknown activation name '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name));
    }
}
