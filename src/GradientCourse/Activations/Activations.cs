namespace GradientCourse;

/// <summary>The activation functions of the course, by name. Notebooks 02 and 06 introduce them.</summary>
public static partial class Activations
{
    /// <summary>Identity f(x) = x.</summary>
    public static Identity Identity { get; } = new();

    /// <summary>Sigmoid 1/(1+e^−x); f' ≤ 0.25.</summary>
    public static Sigmoid Sigmoid { get; } = new();

    /// <summary>Tanh; f' ≤ 1.</summary>
    public static Tanh Tanh { get; } = new();

    /// <summary>ReLU max(0, x).</summary>
    public static ReLU ReLU { get; } = new();
}
