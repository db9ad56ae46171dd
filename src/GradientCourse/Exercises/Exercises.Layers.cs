using System.Globalization;

namespace GradientCourse;

public static partial class Exercises
{
    // ----- 05: initialization -----

    /// <summary>
    /// 05.1: checks a He-normal sampler <c>HeNormalSample(fanIn, fanOut, seed)</c> on fresh fans: shape, seeding,
    /// mean, variance and shape of the distribution, then stacks 20 ReLU layers initialized with it and checks that the
    /// activation variance stays flat.
    /// </summary>
    public static CheckResult CheckHeNormal(string id, Func<int, int, int, Matrix> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "He-normal draws every weight independently from a normal distribution centred on 0 whose variance depends on the fan-in only (see the formula table above); draw from Seeds.Create(seed).";
        return Run(id, hint, () =>
        {
            foreach (var (fanIn, fanOut) in new (int FanIn, int FanOut)[] { (300, 120), (50, 400), (1000, 30) })
            {
                var w = answer(fanIn, fanOut, 5);
                if (w is null || w.Rows != fanIn || w.Cols != fanOut)
                {
                    return Fail(id, $"for fanIn {fanIn}, fanOut {fanOut} your matrix has shape {w?.Shape ?? "null"}: weights are fanIn × fanOut.", hint);
                }

                var again = answer(fanIn, fanOut, 5);
                var other = answer(fanIn, fanOut, 6);
                if (again.MaxAbsDifference(w) != 0)
                {
                    return Fail(id, "two calls with the same seed gave different weights: create the random generator from the seed inside your function.", hint);
                }

                if (other.MaxAbsDifference(w) == 0)
                {
                    return Fail(id, "seeds 5 and 6 gave identical weights: use the seed.", hint);
                }

                var (problem, _) = SampleProblem(w, fanIn, fanOut);
                if (problem is not null)
                {
                    return Fail(id, $"for fanIn {fanIn}, fanOut {fanOut}: {problem}", hint);
                }
            }

            var ratio = DepthVarianceRatio(seed => answer(64, 64, seed));
            if (!(ratio > 0.25 && ratio < 4))
            {
                return Fail(id, string.Create(CultureInfo.InvariantCulture, $"in a stack of 20 ReLU layers of width 64 initialized with your sampler, layer 20's activations have {ratio:0.###}× the mean square of layer 1's: the variance does not stay flat."), hint);
            }

            return Pass(id, string.Create(CultureInfo.InvariantCulture, $"your samples have He's mean, variance and normal shape for three fresh fan pairs, and 20 ReLU layers built with them keep the activations' mean square flat (layer 20 / layer 1 = {ratio:0.00})."));
        });
    }

    /// <summary>What is wrong with a He-normal sample, and its variance × fanIn.</summary>
    internal static (string? Problem, double VarianceTimesFanIn) SampleProblem(Matrix w, int fanIn, int fanOut)
    {
        var v = w.Data;
        var n = v.Length;
        var mean = v.Average();
        var variance = v.Average(u => (u - mean) * (u - mean));
        var target = Initializers.HeNormal.Variance(fanIn, fanOut);
        var scaled = variance * fanIn;
        if (!double.IsFinite(variance) || variance == 0)
        {
            return ("your weights have no spread at all (variance 0 or not finite): draw each weight at random.", scaled);
        }

        if (Math.Abs(mean) > 6 * Math.Sqrt(variance / n))
        {
            return (string.Create(CultureInfo.InvariantCulture, $"your weights' mean is {mean / Math.Sqrt(variance):0.###} standard deviations away from 0: the distribution is not centred on 0."), scaled);
        }

        var relative = variance / target;
        if (Math.Abs(relative - 1) > 0.08)
        {
            var glorot = Initializers.GlorotNormal.Variance(fanIn, fanOut);
            string why = Math.Abs((variance / glorot) - 1) < 0.08
                ? "it depends on fanOut as well — that is Glorot's variance; He's depends on the fan-in alone"
                : Math.Abs(relative - 0.5) < 0.04
                    ? "half of what a ReLU layer needs (ReLU zeroes half of its inputs)"
                    : Math.Abs((variance / (target * target)) - 1) < 0.08
                        ? "it equals the square of the variance you want: did you use the variance where the standard deviation goes?"
                        : Math.Abs((variance / Math.Sqrt(target)) - 1) < 0.08
                            ? "it equals the standard deviation you want: did you use the standard deviation where the variance goes?"
                            : "check the scale you multiply the standard normal draws by";
            return (string.Create(CultureInfo.InvariantCulture, $"the sample variance is {relative:0.###}× He's: {why}."), scaled);
        }

        var m4 = v.Average(u => Math.Pow(u - mean, 4));
        var kurtosis = m4 / (variance * variance);
        if (Math.Abs(kurtosis - 3) > 0.4)
        {
            return (string.Create(CultureInfo.InvariantCulture, $"the variance is right but the shape is not normal (kurtosis {kurtosis:0.##}; a normal sample gives about 3, a uniform one 1.8): draw from a normal distribution."), scaled);
        }

        return (null, scaled);
    }

    /// <summary>Mean square of layer 20's activations over layer 1's in a 20-layer ReLU stack of width 64.</summary>
    internal static double DepthVarianceRatio(Func<int, Matrix> sampler)
    {
        var x = Initializers.Normal(1.0).Sample(128, 64, Seeds.Create(91));
        double first = 0, last = 0;
        for (var layer = 1; layer <= 20; layer++)
        {
            var dense = new Dense(sampler(100 + layer), new Matrix(1, 64));
            x = new ActivationLayer(Activations.ReLU).Forward(dense.Forward(x, training: false), training: false).Clone();
            var meanSquare = x.Data.Average(u => u * u);
            if (layer == 1)
            {
                first = meanSquare;
            }

            last = meanSquare;
        }

        return last / first;
    }

    /// <summary>05.2: checks the telemetry reader <c>ActivationStdByLayer(kerasName, depth)</c> on fresh initializers and depths.</summary>
    public static CheckResult CheckActivationStdByLayer(string id, Func<string, int, double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "train one full-batch step (BatchSize 256, MaxSteps 1) and read run.LayersAt(0): one LayerTelemetry per Dense layer, layer 1 first; take each one's ActivationStd.";
        return Run(id, hint, () =>
        {
            foreach (var (name, depth) in new[] { ("lecun_normal", 7), ("he_uniform", 12), ("glorot_normal", 9) })
            {
                var actual = answer(name, depth);
                var expected = ExerciseReferences.ActivationStdByLayer(name, depth);
                var where = $"for {name} at depth {depth}";
                if (actual is null || actual.Length != expected.Length)
                {
                    return Fail(id, $"{where} you returned {(actual is null ? "null" : $"{actual.Length} values")}; return one value per Dense layer ({depth}), the output layer included.", hint);
                }

                if (actual.Zip(expected, (a, e) => Close(a, e, 1e-9)).All(ok => ok))
                {
                    continue;
                }

                string problem = actual.Reverse().Zip(expected, (a, e) => Close(a, e, 1e-9)).All(ok => ok)
                    ? $"{where} your values are in reverse order: index 0 is layer 1, the input side."
                    : actual.Zip(expected, (a, e) => Close(a, e * e, 1e-9)).All(ok => ok)
                        ? $"{where} you returned variances; the telemetry's ActivationStd is a standard deviation."
                        : $"{where} your values differ from the telemetry of that run (first difference at layer {Enumerable.Range(0, expected.Length).First(i => !Close(actual[i], expected[i], 1e-9)) + 1}): check the net (tanh, width 32, seed 0), the one full-batch step and that you read ActivationStd.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your telemetry reader matches on three fresh initializers and depths.");
        });
    }

    /// <summary>05.3: checks <c>DistinctHiddenUnits(constant, noiseStd, steps)</c> on fresh settings.</summary>
    public static CheckResult CheckDistinctHiddenUnits(string id, Func<double, double, int, int> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "build the 1 → 8 → 1 tanh net with constant weights, add the noise to layer 1's weights only, train, then count layer 1's different columns (a unit is a column of its Dense weights).";
        return Run(id, hint, () =>
        {
            foreach (var (constant, noise, steps) in new[] { (0.3, 0.0, 40), (-0.2, 1e-3, 60), (0.7, 0.0, 25), (0.1, 0.05, 30) })
            {
                var actual = answer(constant, noise, steps);
                var expected = ExerciseReferences.DistinctHiddenUnits(constant, noise, steps);
                if (actual == expected)
                {
                    continue;
                }

                var where = string.Create(CultureInfo.InvariantCulture, $"for constant {constant}, noise {noise}, {steps} steps");
                var problem = noise == 0
                    ? $"{where} you found {actual} different units, but no random number ever entered this net: check that you compare units exactly as they are after training, column by column."
                    : actual == 1
                        ? $"{where} you found 1 unit, but this net started with noise on layer 1: did you add it to the weights of the net you trained, and count columns (units), not rows?"
                        : $"{where} you found {actual} different units: count columns (units) of layer 1's weights, not rows, and count each distinct column once.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your experiment counts the same units as the library's, with and without noise.");
        });
    }

    private static readonly double[] LeakySlopes = [0.05, 0.3];

    private static readonly double[] DeadRates = [0.02, 0.3];

    // ----- 06: the ReLU family -----

    /// <summary>06.1: checks <c>DeadFraction(h)</c> on fresh pre-activation matrices with planted dead units.</summary>
    public static CheckResult CheckDeadFraction(string id, Func<Matrix, double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "a unit is a column; it is dead when its pre-activation is ≤ 0 for every example (row). Return dead units / all units.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            foreach (var (rows, cols, dead, zero) in new[] { (20, 10, 3, 1), (7, 25, 9, 2), (40, 6, 0, 0), (5, 12, 12, 0) })
            {
                var h = Initializers.Normal(1.0).Sample(rows, cols, random);
                for (var c = 0; c < cols; c++)
                {
                    var kind = c < dead ? (c < zero ? 2 : 1) : 0;
                    for (var r = 0; r < rows; r++)
                    {
                        h[r, c] = kind switch
                        {
                            2 => r % 2 == 0 ? 0.0 : -Math.Abs(h[r, c]),
                            1 => -Math.Abs(h[r, c]) - 0.01,
                            _ => h[r, c],
                        };
                    }

                    if (kind == 0)
                    {
                        h[random.Next(rows), c] = Math.Abs(h[0, c]) + 0.5;
                    }
                }

                var actual = answer(h.Clone());
                var expected = ExerciseReferences.DeadFraction(h);
                if (Close(actual, expected, 1e-12))
                {
                    continue;
                }

                var where = $"for a {h.Shape} matrix";
                var entries = h.Data.Count(v => v <= 0) / (double)h.Length;
                var strict = Enumerable.Range(0, cols).Count(c => Enumerable.Range(0, rows).All(r => h[r, c] < 0)) / (double)cols;
                var byRows = Enumerable.Range(0, rows).Count(r => Enumerable.Range(0, cols).All(c => h[r, c] <= 0)) / (double)rows;
                string problem = Close(actual, entries, 1e-12)
                    ? $"{where} you returned the share of entries ≤ 0; a unit counts as dead only if it is ≤ 0 for every example."
                    : Close(actual, strict, 1e-12) && zero > 0
                        ? $"{where} you missed the dead units whose pre-activation is exactly 0 for some examples: ReLU passes no gradient at 0 either."
                        : Close(actual, byRows, 1e-12)
                            ? $"{where} you counted rows; rows are examples, units are columns."
                            : Close(actual, expected * cols, 1e-12) && dead > 0
                                ? $"{where} you returned a count; return a fraction between 0 and 1."
                                : $"{where} your fraction {Format(actual)} is off: check which dimension is the unit and what makes a unit dead.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your dead-unit count is right on four fresh matrices, including units that are exactly 0 and layers with none or all dead.");
        });
    }

    /// <summary>06.2: checks <c>LeakyReluBackward(x, dY, alpha)</c> for two fresh slopes (see <see cref="CheckBackward"/>).</summary>
    public static CheckResult CheckLeakyReluBackward(string id, Func<double[], double[], double, double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        foreach (var alpha in LeakySlopes)
        {
            var problem = Guard(() => BackwardProblem((x, dY) => answer(x, dY, alpha), Activations.LeakyReLU(alpha), SeedOf(id)));
            if (problem is not null)
            {
                return Run(id, "alpha is the slope for x ≤ 0; for x > 0 the slope is 1.", () => Fail(id, string.Create(CultureInfo.InvariantCulture, $"with alpha = {alpha}: {problem}"), "alpha is the slope for x ≤ 0; for x > 0 the slope is 1."));
            }
        }

        return CheckBackward(id, (x, dY) => answer(x, dY, 0.2), Activations.LeakyReLU(0.2));
    }

    /// <summary>Runs <paramref name="f"/>, turning a stub's NotImplementedException into "not answered" via <see cref="Run"/> later.</summary>
    private static string? Guard(Func<string?> f)
    {
        try
        {
            return f();
        }
#pragma warning disable CA1031 // the same call inside Run reports what the learner's code threw
        catch (Exception)
        {
            return null;
        }
#pragma warning restore CA1031
    }

    /// <summary>06.3: checks <c>DeadFractionAfterTraining(learningRate)</c> at fresh learning rates.</summary>
    public static CheckResult CheckDeadFractionAfterTraining(string id, Func<double, double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "train the 8 × 16 ReLU + He net for 4 epochs, then run Forward on the full data in eval mode and count, over all 8 hidden layers together, the units that are ≤ 0 for every example.";
        return Run(id, hint, () =>
        {
            foreach (var lr in DeadRates)
            {
                var actual = answer(lr);
                var expected = ExerciseReferences.DeadFractionAfterTraining(lr);
                if (Close(actual, expected, 1e-9))
                {
                    continue;
                }

                var rate = lr.ToString("0.###", CultureInfo.InvariantCulture);
                var problem = actual > 1 || actual < 0
                    ? $"at learning rate {rate} you returned {Format(actual)}: a fraction lies between 0 and 1."
                    : $"at learning rate {rate} your fraction {Format(actual)} differs from the library's measurement of the same experiment: count the units of all hidden layers together (128 units), on the full data, after training; the output layer is not a ReLU layer.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your measurement matches the library's at learning rates 0.02 and 0.3.");
        });
    }

    // ----- 07: batch normalization -----

    /// <summary>07.1: checks the training-mode normalization <c>Normalize(batch, epsilon)</c> against BatchNorm1d on fresh batches.</summary>
    public static CheckResult CheckNormalize(string id, Func<Matrix, double, Matrix> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "work column by column (a column is a feature): its mean and variance over the rows, then (x − mean) / sqrt(variance + ε) for every row.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            foreach (var (rows, cols, scale, eps) in new[] { (12, 4, 3.0, 1e-5), (5, 7, 0.2, 0.1), (30, 3, 50.0, 1e-3) })
            {
                var batch = Initializers.Normal(scale).Sample(rows, cols, random);
                for (var r = 0; r < rows; r++)
                {
                    batch[r, 0] += 4 * scale;
                }

                if (eps >= 0.1)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        batch[r, cols - 1] = 2.5;
                    }
                }

                var actual = answer(batch.Clone(), eps);
                var expected = ExerciseReferences.Normalize(batch, eps);
                var where = string.Create(CultureInfo.InvariantCulture, $"for a {batch.Shape} batch with ε = {eps}");
                if (actual is null || actual.Rows != rows || actual.Cols != cols)
                {
                    return Fail(id, $"{where} your result has shape {actual?.Shape ?? "null"}; normalization keeps the batch's shape.", hint);
                }

                if (actual.MaxAbsDifference(expected) <= 1e-9)
                {
                    continue;
                }

                return Fail(id, NormalizeProblem(batch, eps, actual, where), hint);
            }

            return Pass(id, "your normalization matches BatchNorm1d in training mode on three fresh batches, including a constant feature.");
        });
    }

    private static string NormalizeProblem(Matrix batch, double eps, Matrix actual, string where)
    {
        var (rows, cols) = (batch.Rows, batch.Cols);
        if (!actual.IsFinite())
        {
            return $"{where} your result has NaN or ∞: a feature that is constant over the batch has variance 0 — where does ε go?";
        }

        Matrix Variant(Func<double[], double, double> scale)
        {
            var m = new Matrix(rows, cols);
            for (var c = 0; c < cols; c++)
            {
                var column = batch.Column(c);
                var mean = column.Average();
                var s = scale(column, mean);
                for (var r = 0; r < rows; r++)
                {
                    m[r, c] = (batch[r, c] - mean) / s;
                }
            }

            return m;
        }

        double Biased(double[] v, double mean) => v.Average(u => (u - mean) * (u - mean));
        if (actual.MaxAbsDifference(Variant((v, m) => Math.Sqrt((Biased(v, m) * v.Length / (v.Length - 1)) + eps))) < 1e-9)
        {
            return $"{where} your columns are slightly too small: batch norm's batch variance divides by the number of examples, not one less.";
        }

        if (actual.MaxAbsDifference(Variant((v, m) => Math.Sqrt(Biased(v, m)) + eps)) < 1e-9)
        {
            return $"{where} ε is in the wrong place: it is added to the variance, inside the square root.";
        }

        if (actual.MaxAbsDifference(Variant((v, m) => Math.Sqrt(Biased(v, m) + 1e-5))) < 1e-9 && eps != 1e-5)
        {
            return $"{where} you used a fixed ε instead of the epsilon argument.";
        }

        var rowMeans = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, cols).Average(c => actual[r, c])).ToArray();
        if (cols > 2 && rowMeans.All(m => Math.Abs(m) < 1e-9))
        {
            return $"{where} each of your rows has mean 0: you normalized each example; batch norm normalizes each feature (column) over the examples.";
        }

        return $"{where} your result differs from BatchNorm1d's: check the column mean, the variance and ε.";
    }

    /// <summary>07.2: checks <c>RunningStatsUpdate(batch, runningMean, runningVariance, momentum)</c> (PyTorch's convention) on fresh batches.</summary>
    public static CheckResult CheckRunningStatsUpdate(string id, Func<double[], double, double, double, double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "PyTorch's momentum is the weight of the NEW batch statistic (0.1 by default), and its running variance is updated with the unbiased batch variance.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            foreach (var (n, momentum) in new[] { (6, 0.1), (4, 0.25), (10, 0.01) })
            {
                var batch = Enumerable.Range(0, n).Select(_ => 2 + (3 * random.NextGaussian())).ToArray();
                var (mean, variance) = (random.NextUniform(-1, 1), random.NextUniform(0.5, 2));
                var actual = answer((double[])batch.Clone(), mean, variance, momentum);
                var expected = ExerciseReferences.RunningStatsUpdate(batch, mean, variance, momentum);
                var where = string.Create(CultureInfo.InvariantCulture, $"for a batch of {n} with momentum {momentum}");
                if (actual is null || actual.Length != 2)
                {
                    return Fail(id, $"{where} return two numbers: the new running mean and the new running variance.", hint);
                }

                var meanOk = Close(actual[0], expected[0], 1e-12);
                var varianceOk = Close(actual[1], expected[1], 1e-12);
                if (meanOk && varianceOk)
                {
                    continue;
                }

                var keras = ExerciseReferences.RunningStatsUpdate(batch, mean, variance, 1 - momentum);
                string problem = Close(actual[0], keras[0], 1e-12)
                    ? $"{where} your momentum weights the OLD running value: that is Keras' convention (its momentum 0.99 keeps 99 % of the old value). In PyTorch's convention the momentum is the share of the new batch."
                    : !meanOk
                        ? $"{where} your running mean is off: it moves from the old running mean towards the batch mean by the share momentum."
                        : Close(actual[1], ((1 - momentum) * variance) + (momentum * ExerciseReferences.Variance(batch)), 1e-12)
                            ? $"{where} your running mean is right, but your running variance uses the biased batch variance (÷ n); PyTorch keeps the unbiased one (÷ n − 1) in its running statistics."
                            : $"{where} your running mean is right, your running variance is not: it mixes the old running variance with the batch's variance the same way the mean is mixed.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your update follows PyTorch's convention (momentum = share of the new batch, unbiased variance) on three fresh batches.");
        });
    }

    /// <summary>07.3: checks the experiment <c>LossRatioWithBatchNorm(depth, learningRate)</c> on fresh settings.</summary>
    public static CheckResult CheckLossRatioWithBatchNorm(string id, Func<int, double, double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "build the sigmoid + glorot_uniform net with batchNorm: true, train 100 steps as in notebook 03, then divide the full-data loss (Trainer.Evaluate, eval mode) by the variance of y.";
        return Run(id, hint, () =>
        {
            foreach (var (depth, lr) in new[] { (12, 0.3) })
            {
                var actual = answer(depth, lr);
                var expected = ExerciseReferences.LossRatio(depth, lr, batchNorm: true);
                if (Close(actual, expected, 1e-6))
                {
                    continue;
                }

                var where = string.Create(CultureInfo.InvariantCulture, $"for depth {depth} at learning rate {lr}");
                var problem = Close(actual, ExerciseReferences.LossRatio(depth, lr, batchNorm: false), 1e-6)
                    ? $"{where} your number is the one of the net WITHOUT batch norm: did you pass batchNorm: true to Mlp.Create?"
                    : Close(actual * ExerciseReferences.VarianceOfY, expected * ExerciseReferences.VarianceOfY * ExerciseReferences.VarianceOfY, 1e-6) || Close(actual, expected * ExerciseReferences.VarianceOfY, 1e-6)
                        ? $"{where} you returned the loss itself; divide it by the variance of y."
                        : $"{where} your ratio {Format(actual)} differs from the library's run of the same experiment: check depth (Dense layers, output included), the trainer options (batch 32, 100 steps) and that you evaluate on the full data after training.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your experiment reproduces the library's on a setting you did not try (12 layers, learning rate 0.3).");
        });
    }
}
