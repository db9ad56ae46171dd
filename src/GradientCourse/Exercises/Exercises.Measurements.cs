using System.Globalization;

namespace GradientCourse;

public static partial class Exercises
{
    private static readonly double[] TrainableDepthRates = [0.3];

    private static readonly double[][] ClipCandidates = [[0.3, 3.0, 30.0, 3000.0, 1e6]];

    // ----- 03: vanishing gradients -----

    /// <summary>03.2: checks <c>Log10FirstToLast(depth, x, y)</c> on fresh depths and batches against the library's own measurement.</summary>
    public static CheckResult CheckLog10FirstToLast(string id, Func<int, Matrix, Matrix, double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "build the net exactly as described (fan-in from x, 16 units per hidden layer, glorot_uniform, seed 0), one Forward and one Backward with the MSE gradient, then compare the first block's weight gradient with the last one's.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            foreach (var (depth, rows, cols) in new[] { (6, 16, 3), (11, 8, 5), (14, 24, 2) })
            {
                var x = Initializers.Normal(1.0).Sample(rows, cols, random);
                var y = Initializers.Normal(1.0).Sample(rows, 1, random);
                var actual = answer(depth, x.Clone(), y.Clone());
                var expected = ExerciseReferences.Log10FirstToLast(depth, x, y);
                if (Close(actual, expected, 1e-6))
                {
                    continue;
                }

                var where = string.Create(CultureInfo.InvariantCulture, $"for depth {depth} and a {x.Shape} batch");
                string problem;
                if (!double.IsFinite(actual))
                {
                    problem = $"{where} your result is {Format(actual)}: is a gradient norm 0, or did you take the log of a negative number?";
                }
                else if (Close(actual, -expected, 1e-6))
                {
                    problem = $"{where} your number has the right size but the wrong sign: the ratio is layer 1's gradient over the output layer's, not the other way round.";
                }
                else if (Close(actual, expected * Math.Log(10), 1e-6))
                {
                    problem = $"{where} your number is ln 10 ≈ 2.3 times too large: check the base of your logarithm.";
                }
                else if (Close(Math.Log10(Math.Abs(actual)), expected, 1e-6))
                {
                    problem = $"{where} you returned the ratio itself: return its base-10 logarithm.";
                }
                else if (depth > 2 && Close(actual, ExerciseReferences.Log10FirstToLast(depth - 1, x, y), 1e-6))
                {
                    problem = $"{where} your net has one Dense layer too few: depth counts every Dense layer, the output layer included.";
                }
                else if (Close(actual, ExerciseReferences.Log10FirstToLast(depth + 1, x, y), 1e-6))
                {
                    problem = $"{where} your net has one Dense layer too many: depth counts every Dense layer, the output layer included, so there are depth − 1 hidden layers.";
                }
                else
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"{where} your number is off by {Math.Abs(actual - expected):0.##} decades from the library's measurement of the same net.");
                }

                return Fail(id, problem, hint);
            }

            return Pass(id, "your measurement matches the library's on three fresh depths and batches.");
        });
    }

    /// <summary>03.3: checks <c>LargestTrainableDepth(learningRate)</c> on the prose's learning rate and on fresh ones.</summary>
    public static CheckResult CheckLargestTrainableDepth(string id, Func<double, int> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "for each depth from 2 to 10, build the net, train it with the given options, evaluate the loss on the full data set after training, and keep the largest depth whose loss is below half the variance of y.";
        return Run(id, hint, () =>
        {
            foreach (var lr in TrainableDepthRates)
            {
                var actual = answer(lr);
                var expected = ExerciseReferences.LargestTrainableDepth(lr);
                if (actual == expected)
                {
                    continue;
                }

                var rate = lr.ToString("0.##", CultureInfo.InvariantCulture);
                string problem;
                if (actual < 2 || actual > 10)
                {
                    problem = $"with learning rate {rate} you returned {actual}; the answer is a depth between 2 and 10 (or 0 if none trains).";
                }
                else
                {
                    var ratio = ExerciseReferences.SigmoidLossRatio(actual, lr);
                    problem = actual > expected
                        ? string.Create(CultureInfo.InvariantCulture, $"with learning rate {rate}, a {actual}-layer net does not train: its final loss is {ratio:P0} of the variance of y. Are you evaluating after training, on the full data set?")
                        : $"with learning rate {rate}, a net deeper than {actual} layers still gets below half the variance of y: keep searching up to depth 10, and take the largest depth that trains (not the first that fails).";
                }

                return Fail(id, problem, hint);
            }

            return Pass(id, "your sweep finds the same largest trainable depth as the library's, at a learning rate you did not try (0.3).");
        });
    }

    // ----- 04: exploding gradients -----

    /// <summary>04.1: checks <c>ClipByGlobalNorm(g, maxNorm)</c> on fresh gradients: long, short and zero ones.</summary>
    public static CheckResult CheckClipByGlobalNorm(string id, Func<double[], double, double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "measure the whole vector's length once; if it is above maxNorm, rescale every element by the same factor so the length becomes maxNorm; otherwise return the values unchanged.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            var cases = new List<(double[] G, double Max, string What)>();
            for (var k = 0; k < 4; k++)
            {
                var n = 5 + (7 * k);
                var scale = Math.Pow(10, k - 1);
                cases.Add((Enumerable.Range(0, n).Select(_ => scale * random.NextGaussian()).ToArray(), 0.37 * scale, "a gradient longer than maxNorm"));
            }

            cases.Add(([0.03, -0.04, 0.01, 0.02], 1.5, "a gradient already shorter than maxNorm"));
            cases.Add((new double[6], 0.5, "an all-zero gradient"));
            foreach (var (g, max, what) in cases)
            {
                var input = (double[])g.Clone();
                var actual = answer(input, max);
                var expected = ExerciseReferences.ClipByGlobalNorm(g, max);
                if (actual is null || actual.Length != g.Length)
                {
                    return Fail(id, $"for {what} of {g.Length} values you returned {(actual is null ? "null" : $"{actual.Length} values")}; return one value per element.", hint);
                }

                if (actual.Zip(expected, (a, e) => Math.Abs(a - e) <= 1e-12 + (1e-9 * Math.Abs(e))).All(ok => ok))
                {
                    continue;
                }

                return Fail(id, ClipProblem(g, max, actual, what), hint);
            }

            return Pass(id, "your clipping agrees with GradientClipping.ClipByGlobalNorm on long, short and zero gradients.");
        });
    }

    private static string ClipProblem(double[] g, double max, double[] actual, string what)
    {
        double Norm(double[] v) => Math.Sqrt(v.Sum(u => u * u));
        if (actual.Any(a => !double.IsFinite(a)))
        {
            return $"for {what} your result contains {Format(actual.First(a => !double.IsFinite(a)))}: a division by a zero norm? Only rescale when the norm is above maxNorm.";
        }

        if (actual.Zip(g, (a, v) => Math.Abs(a - Math.Clamp(v, -max, max)) < 1e-12).All(ok => ok))
        {
            return $"for {what} you capped each element at ±maxNorm separately: that is clipping by value, which changes the gradient's direction. Clipping by global norm rescales the whole vector.";
        }

        var norm = Norm(g);
        if (norm <= max)
        {
            return $"for {what} you changed the values: a gradient whose norm is already at most maxNorm comes back unchanged.";
        }

        var dot = actual.Zip(g, (a, v) => a * v).Sum();
        var cosine = dot / (Norm(actual) * norm);
        if (!(cosine > 1 - 1e-9))
        {
            return string.Create(CultureInfo.InvariantCulture, $"for {what} your result points in another direction than g (cosine {cosine:0.###}): multiply every element by the same positive factor.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"for {what} your result points the right way but its norm is {Norm(actual) / max:0.###}× maxNorm: check how you measure the vector's length and the factor you scale by.");
    }

    /// <summary>04.2: checks <c>BestClipNorm(candidates)</c> on the prose's candidates and on a fresh list.</summary>
    public static CheckResult CheckBestClipNorm(string id, Func<double[], double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "train a fresh copy of the exploding net once per candidate (same options, ClipNorm = candidate); drop the runs that diverge; of the rest keep the one whose final full-data loss is lowest.";
        return Run(id, hint, () =>
        {
            foreach (var candidates in ClipCandidates)
            {
                var actual = answer((double[])candidates.Clone());
                var expected = ExerciseReferences.BestClipNorm(candidates);
                if (actual.Equals(expected))
                {
                    continue;
                }

                var list = $"[{string.Join(", ", candidates.Select(Format))}]";
                if (!candidates.Contains(actual))
                {
                    return Fail(id, $"for candidates {list} you returned {Format(actual)}, which is not one of them.", hint);
                }

                var (diverged, loss) = ExerciseReferences.ClippedRun(actual);
                var problem = diverged
                    ? $"for candidates {list} you chose ClipNorm = {Format(actual)}, but with that cap the run still diverges. Check Diverged on every run."
                    : string.Create(CultureInfo.InvariantCulture, $"for candidates {list}, ClipNorm = {Format(actual)} trains (final loss {loss:0.###}), but another candidate that does not diverge ends with a lower loss: compare the final full-data losses, not the caps.");
                return Fail(id, problem, hint);
            }

            return Pass(id, "your sweep picks the same threshold as the library's on a candidate list you did not try.");
        });
    }

    /// <summary>04.3: checks <c>GainPerLayer(std, width)</c> on fresh weight scales and widths.</summary>
    public static CheckResult CheckGainPerLayer(string id, Func<double, int, double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "build the ReLU net with normal(std) weights, one forward and backward pass on the regression data, take ‖dW‖ of block 2 and block 9 (Blocks[1] and Blocks[8]), and turn their ratio into a factor per layer.";
        return Run(id, hint, () =>
        {
            foreach (var (std, width) in new[] { (0.3, 24), (0.12, 48), (0.5, 16) })
            {
                var actual = answer(std, width);
                var expected = ExerciseReferences.GainPerLayer(std, width);
                if (Close(actual, expected, 1e-6))
                {
                    continue;
                }

                var where = string.Create(CultureInfo.InvariantCulture, $"for std {std} and width {width}");
                string problem;
                if (Close(actual, 1 / expected, 1e-6))
                {
                    problem = $"{where} you measured the factor the wrong way round: the gradient flows from the output (block 9) back to block 2, so divide block 2's norm by block 9's.";
                }
                else if (Close(actual, Math.Pow(expected, 7), 1e-6))
                {
                    problem = $"{where} you returned the total growth over all the layers: return the factor per layer (a 7th root here).";
                }
                else if (Close(actual, Math.Pow(expected, 7.0 / 8), 1e-6) || Close(actual, Math.Pow(expected, 7.0 / 6), 1e-6))
                {
                    problem = $"{where} your factor is close but counts the layers between block 2 and block 9 wrongly.";
                }
                else
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"{where} your factor {actual:0.###} differs from the library's measurement of the same net by {Math.Abs(actual / expected - 1):P1}: check the net (9 hidden layers, ReLU, seed 0) and the data (Regression1D(256, seed 0)).");
                }

                return Fail(id, problem, hint);
            }

            return Pass(id, "your measured per-layer gain matches the library's for three weight scales and widths.");
        });
    }

    private static bool Close(double actual, double expected, double tolerance) =>
        Math.Abs(actual - expected) <= tolerance * Math.Max(1.0, Math.Abs(expected));

    private static CheckResult Pass(string id, string message) => new(id, true, message, null);
}
