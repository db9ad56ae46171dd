using System.Globalization;

namespace GradientCourse;

public static partial class Exercises
{
    // ----- 08: TorchSharp -----

    /// <summary>08.1: checks <c>Kurtosis(x)</c> = m4 / m2² (central moments, divided by n) on fresh normal, uniform and heavy-tailed samples.</summary>
    public static CheckResult CheckKurtosis(string id, Func<double[], double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "subtract the sample mean first; average the 4th powers and the 2nd powers of the centred values (divide by n); return the first over the square of the second.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            var samples = new (string Name, double[] Values)[]
            {
                ("a normal sample around 3", Enumerable.Range(0, 400).Select(_ => 3 + (2 * random.NextGaussian())).ToArray()),
                ("a uniform sample", Enumerable.Range(0, 300).Select(_ => random.NextUniform(-1, 5)).ToArray()),
                ("a heavy-tailed sample", Enumerable.Range(0, 200).Select(_ => Math.Pow(random.NextGaussian(), 3)).ToArray()),
            };
            foreach (var (name, values) in samples)
            {
                var actual = answer((double[])values.Clone());
                var expected = MathNet.Numerics.Statistics.Statistics.PopulationKurtosis(values) + 3;
                if (Close(actual, expected, 1e-9))
                {
                    continue;
                }

                var mean = values.Average();
                var raw = values.Average(v => Math.Pow(v, 4)) / Math.Pow(values.Average(v => v * v), 2);
                var problem = Close(actual, expected - 3, 1e-9)
                    ? $"for {name} you returned the EXCESS kurtosis (κ − 3); this exercise wants κ itself (about 3 for a normal sample)."
                    : Close(actual, raw, 1e-9) && Math.Abs(mean) > 0.1
                        ? $"for {name} your value ignores the mean: centre the values before taking powers."
                        : $"for {name} your kurtosis {Format(actual)} is off: check that both moments are central and divided by n, and that you square the second moment.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your kurtosis is right on normal, uniform and heavy-tailed samples.");
        });
    }

    /// <summary>08.2: checks <c>ClipGradNormLikeTorch(g, maxNorm)</c>: torch.nn.utils.clip_grad_norm_'s arithmetic on a flat gradient.</summary>
    public static CheckResult CheckClipGradNormLikeTorch(string id, Func<double[], double, double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "torch computes a factor from maxNorm and the total norm with a small safety term (see the clipping cell above), caps the factor at 1, and multiplies every gradient by it.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            var cases = new (double[] G, double Max, string What)[]
            {
                (Enumerable.Range(0, 9).Select(_ => random.NextGaussian()).ToArray(), 0.5, "a gradient longer than maxNorm"),
                ([3e-4, -4e-4], 1e-3, "a tiny gradient just below maxNorm"),
                ([0.2, 0.1, -0.3], 5.0, "a gradient well below maxNorm"),
            };
            foreach (var (g, max, what) in cases)
            {
                var actual = answer((double[])g.Clone(), max);
                var expected = ExerciseReferences.TorchClip(g, max);
                if (actual is null || actual.Length != g.Length)
                {
                    return Fail(id, $"for {what} return one value per element.", hint);
                }

                if (actual.Zip(expected, (a, e) => Math.Abs(a - e) <= 1e-15 + (1e-12 * Math.Abs(e))).All(ok => ok))
                {
                    continue;
                }

                var exact = ExerciseReferences.ClipByGlobalNorm(g, max);
                var problem = actual.Zip(exact, (a, e) => Math.Abs(a - e) <= 1e-15 + (1e-12 * Math.Abs(e))).All(ok => ok)
                    ? $"for {what} you clip exactly to maxNorm, as the library does; torch's factor has a small term in its denominator, so its result is slightly shorter."
                    : actual.Zip(g, (a, v) => Math.Abs(a - v) < 1e-15).All(ok => ok)
                        ? $"for {what} you returned the gradient unchanged, but torch's factor is below 1 here."
                        : $"for {what} your result differs from torch's: is your factor capped at 1, and computed from the norm of the whole vector?";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your clipping reproduces torch's arithmetic, including the tiny gradient just below maxNorm.");
        });
    }

    /// <summary>
    /// 08.3: checks <c>TorchWeightGradNorms(depth, x, y)</c> (‖dW‖ per layer read from TorchSharp autograd) against the
    /// library's own backprop on the same weights.
    /// </summary>
    public static CheckResult CheckTorchWeightGradNorms(string id, Func<int, Matrix, Matrix, double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "build the library net, wrap it in new TorchMlp(model), call Gradients(x, y) once, and read WeightGradNorm from LayerGradientNorms(), layer 1 first.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            foreach (var (depth, rows, cols) in new (int, int, int)[] { (5, 12, 3), (9, 20, 2) })
            {
                var x = Initializers.Normal(1.0).Sample(rows, cols, random);
                var y = Initializers.Normal(1.0).Sample(rows, 1, random);
                var actual = answer(depth, x.Clone(), y.Clone());
                var model = Mlp.Create(cols, Enumerable.Repeat(16, depth - 1).ToArray(), 1, Activations.Tanh, Initializers.GlorotNormal, seed: 0);
                model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(x), y));
                var expected = model.Blocks.Select(b => b.Dense.Weights.Grad.FrobeniusNorm()).ToArray();
                var bias = model.Blocks.Select(b => b.Dense.Bias.Grad.FrobeniusNorm()).ToArray();
                var where = $"for depth {depth} and a {x.Shape} batch";
                if (actual is null || actual.Length != depth)
                {
                    return Fail(id, $"{where} you returned {(actual is null ? "null" : $"{actual.Length} values")}; return one norm per Dense layer ({depth}).", hint);
                }

                if (actual.Zip(expected, (a, e) => Close(a, e, 1e-9)).All(ok => ok))
                {
                    continue;
                }

                var problem = actual.Reverse().Zip(expected, (a, e) => Close(a, e, 1e-9)).All(ok => ok)
                    ? $"{where} your norms are in reverse order: index 0 is layer 1, the input side."
                    : actual.Zip(bias, (a, e) => Close(a, e, 1e-9)).All(ok => ok)
                        ? $"{where} you returned the bias gradients' norms; the exercise asks for the weights'."
                        : $"{where} your norms differ from the library's backprop on the same weights: build the same net (tanh, glorot_normal, 16 units, seed 0) and use the MSE loss.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "the norms you read from TorchSharp equal the library's backprop on two fresh nets and batches.");
        });
    }
}
