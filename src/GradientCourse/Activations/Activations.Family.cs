namespace GradientCourse;

/// <summary>The ReLU family and smooth modern activations, plus lookup by name. Notebook 06 introduces them.</summary>
public static partial class Activations
{
    /// <summary>Leaky ReLU: x for x &gt; 0, α·x otherwise (α in [0, 1), 0.01 by default).</summary>
    public static LeakyReLU LeakyReLU(double alpha = 0.01) => new(alpha);

    /// <summary>PReLU with a fixed slope α (0.25 by default); use <see cref="PReLULayer"/> to learn α.</summary>
    public static PReLU PReLU(double alpha = 0.25) => new(alpha);

    /// <summary>ELU: x for x &gt; 0, α(e^x − 1) otherwise (α = 1 by default).</summary>
    public static ELU ELU(double alpha = 1.0) => new(alpha);

    /// <summary>SELU: λ·ELU with λ ≈ 1.0507, α ≈ 1.6733; pair it with LeCun-normal weights.</summary>
    public static SELU SELU { get; } = new();

    /// <summary>GELU, exact: x·Φ(x).</summary>
    public static GELU GELU { get; } = new();

    /// <summary>Swish x·σ(x) (β = 1), the same instance as <see cref="SiLU"/>.</summary>
    public static Swish Swish { get; } = new();

    /// <summary>SiLU x·σ(x): another name for <see cref="Swish"/> with β = 1 (same instance).</summary>
    public static Swish SiLU => Swish;

    /// <summary>Mish: x·tanh(softplus(x)).</summary>
    public static Mish Mish { get; } = new();

    /// <summary>Softplus: ln(1 + e^x), a smooth ReLU.</summary>
    public static Softplus Softplus { get; } = new();

    /// <summary>
    /// One of each activation (default parameters), in teaching order: sigmoid, tanh, relu, leaky_relu, prelu, elu,
    /// selu, gelu, swish, mish, softplus, identity. Handy for charts.
    /// </summary>
    public static IReadOnlyList<Activation> All =>
    [
        Sigmoid, Tanh, ReLU, LeakyReLU(), PReLU(), ELU(), SELU, GELU, Swish, Mish, Softplus, Identity,
    ];

    /// <summary>Every name <see cref="FromName"/> accepts (lower case; "silu" is an alias of "swish", "linear" of "identity").</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "swish", "silu", "mish", "softplus", "identity", "linear",
    ];

    /// <summary>
    /// The activation called <paramref name="name"/> (case-insensitive, default parameters), e.g. "relu" or "GELU".
    /// Throws <see cref="ArgumentException"/> listing the valid names when the name is unknown.
    /// </summary>
    public static Activation FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "sigmoid" => Sigmoid,
            "tanh" => Tanh,
            "relu" => ReLU,
            "leaky_relu" => LeakyReLU(),
            "prelu" => PReLU(),
            "elu" => ELU(),
            "selu" => SELU,
            "gelu" => GELU,
            "swish" or "silu" => Swish,
            "mish" => Mish,
            "softplus" => Softplus,
            "identity" or "linear" => Identity,
            _ => throw new ArgumentException(
                $"Unknown activation name '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
