namespace GradientCourse;

/// <summary>The weight initializers of the course, by formula and by Keras name.</summary>
public static partial class Initializers
{
    /// <summary>Glorot (Xavier) normal: N(0, 2/(fanIn + fanOut)); for tanh, sigmoid, softmax.</summary>
    public static NormalInitializer GlorotNormal { get; } = new("glorot_normal", (fanIn, fanOut) => 2.0 / (fanIn + fanOut));

    /// <summary>Glorot (Xavier) uniform: U(±sqrt(6/(fanIn + fanOut))); the Keras default.</summary>
    public static UniformInitializer GlorotUniform { get; } = new("glorot_uniform", (fanIn, fanOut) => Math.Sqrt(6.0 / (fanIn + fanOut)));

    /// <summary>He (Kaiming) normal: N(0, 2/fanIn); for the ReLU family.</summary>
    public static NormalInitializer HeNormal { get; } = new("he_normal", (fanIn, _) => 2.0 / fanIn);

    /// <summary>He (Kaiming) uniform: U(±sqrt(6/fanIn)).</summary>
    public static UniformInitializer HeUniform { get; } = new("he_uniform", (fanIn, _) => Math.Sqrt(6.0 / fanIn));
}
