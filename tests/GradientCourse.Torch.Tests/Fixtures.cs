using GradientCourse;

namespace GradientCourse.Torch.Tests;

internal static class Fixtures
{
    public static Activation ActivationNamed(string name) => name switch
    {
        "leaky_relu" => Activations.LeakyReLU(0.1),
        "prelu" => Activations.PReLU(0.3),
        "elu" => Activations.ELU(0.7),
        _ => Activations.FromName(name),
    };

    /// <summary>An MLP 5 → 8 → 7 → 6 → 3; with batch norm, γ, β and running statistics are set away from their defaults.</summary>
    public static Mlp Model(string activation, bool batchNorm, int seed = 7)
    {
        var act = ActivationNamed(activation);
        var init = activation == "relu" ? (Initializer)Initializers.HeNormal : Initializers.GlorotNormal;
        var mlp = Mlp.Create(5, [8, 7, 6], 3, act, init, seed, batchNorm);
        var random = Seeds.Create(seed + 1000);
        foreach (var block in mlp.Blocks)
        {
            // non-zero biases so every term of the backward pass is exercised
            for (var i = 0; i < block.Dense.Bias.Value.Length; i++)
            {
                block.Dense.Bias.Value.Data[i] = 0.1 * random.NextGaussian();
            }

            if (block.BatchNorm is { } bn)
            {
                for (var c = 0; c < bn.Features; c++)
                {
                    bn.Gamma.Value.Data[c] = 1.0 + (0.3 * random.NextGaussian());
                    bn.Beta.Value.Data[c] = 0.2 * random.NextGaussian();
                    bn.RunningMean[c] = 0.5 * random.NextGaussian();
                    bn.RunningVariance[c] = 0.5 + random.NextDouble();
                }
            }
        }

        return mlp;
    }

    /// <summary>‖a − b‖ / max(‖a‖, ‖b‖); 0 when both are zero.</summary>
    public static double RelativeError(Matrix a, Matrix b)
    {
        Assert.Equal(a.Shape, b.Shape);
        var diff = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            diff += (a.Data[i] - b.Data[i]) * (a.Data[i] - b.Data[i]);
        }

        var scale = Math.Max(a.FrobeniusNorm(), b.FrobeniusNorm());
        return scale == 0 ? 0 : Math.Sqrt(diff) / scale;
    }

    public static double RelativeError(double[] a, double[] b) =>
        RelativeError(new Matrix(1, a.Length, a), new Matrix(1, b.Length, b));
}
