namespace GradientCourse;

/// <summary>Constant, fixed-scale, LeCun and orthogonal initializers, and lookup by Keras name. Notebook 05 compares them.</summary>
public static partial class Initializers
{
    /// <summary>All weights 0 (Keras "zeros"): symmetric units that never differ. Shown only to see it fail.</summary>
    public static ConstantInitializer Zeros { get; } = new("zeros", 0.0);

    /// <summary>All weights 1 (Keras "ones"): as symmetric as zeros.</summary>
    public static ConstantInitializer Ones { get; } = new("ones", 1.0);

    /// <summary>LeCun normal: N(0, 1/fanIn); the partner of SELU. (Keras truncates the normal; this one does not.)</summary>
    public static NormalInitializer LeCunNormal { get; } = new("lecun_normal", (fanIn, _) => 1.0 / fanIn);

    /// <summary>LeCun uniform: U(±sqrt(3/fanIn)), variance 1/fanIn.</summary>
    public static UniformInitializer LeCunUniform { get; } = new("lecun_uniform", (fanIn, _) => Math.Sqrt(3.0 / fanIn));

    /// <summary>Every Keras name <see cref="FromKerasName"/> accepts.</summary>
    public static IReadOnlyList<string> KerasNames { get; } =
    [
        "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "zeros", "ones", "orthogonal",
    ];

    /// <summary>All weights equal to <paramref name="value"/> (Keras "constant"; finite).</summary>
    public static ConstantInitializer Constant(double value) => new("constant", value);

    /// <summary>N(0, std²) whatever the fans (Keras "random_normal"); std must be finite and ≥ 0.</summary>
    public static NormalInitializer Normal(double std)
    {
        if (!double.IsFinite(std) || std < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(std), std, $"std must be a finite number ≥ 0 (the standard deviation of the weights, e.g. 0.01 for small random values), got {std}.");
        }

        return new NormalInitializer("random_normal", (_, _) => std * std);
    }

    /// <summary>U(−limit, +limit) whatever the fans (Keras "random_uniform"); limit must be finite and ≥ 0. Variance limit²/3.</summary>
    public static UniformInitializer Uniform(double limit)
    {
        if (!double.IsFinite(limit) || limit < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(limit), limit, $"limit must be a finite number ≥ 0 (weights fall in [−limit, +limit], e.g. 0.05), got {limit}.");
        }

        return new UniformInitializer("random_uniform", (_, _) => limit);
    }

    /// <summary>Orthogonal weights × <paramref name="gain"/> (columns or rows orthonormal, whichever are fewer).</summary>
    public static OrthogonalInitializer Orthogonal(double gain = 1.0) => new(gain);

    /// <summary>
    /// The initializer with Keras name <paramref name="name"/> (case-insensitive), e.g. "he_normal".
    /// Throws <see cref="ArgumentException"/> listing <see cref="KerasNames"/> when the name is unknown.
    /// </summary>
    public static Initializer FromKerasName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "glorot_uniform" => GlorotUniform,
            "glorot_normal" => GlorotNormal,
            "he_uniform" => HeUniform,
            "he_normal" => HeNormal,
            "lecun_uniform" => LeCunUniform,
            "lecun_normal" => LeCunNormal,
            "zeros" => Zeros,
            "ones" => Ones,
            "orthogonal" => Orthogonal(),
            _ => throw new ArgumentException(
                $"Unknown Keras initializer name '{name}'. Use one of: {string.Join(", ", KerasNames)}.", nameof(name)),
        };
    }
}
