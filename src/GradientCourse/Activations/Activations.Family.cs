namespace GradientCourse;

/// <summary>The ReLU family and smooth modern activations (the table of all of them: Activations.Registry.cs). Notebook 06 introduces them.</summary>
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
}
