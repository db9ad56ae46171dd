using System.Globalization;

namespace GradientCourse;

public static partial class Exercises
{
    private static readonly double[] SaturationTargets = [0.6];

    private static readonly (double X, double Y, double W1, double W2, double W3)[] ChainCases =
        [(0.8, 0.1, 1.3, -0.9, 2.1), (-1.7, 0.9, 0.4, 2.5, -1.2), (2.2, 0.35, -0.6, 1.1, 0.7)];

    // ----- 01: the chain rule -----

    /// <summary>
    /// 01.1: checks <c>ChainGradients(x, y, w1, w2, w3)</c> = [dL/dw1, dL/dw2, dL/dw3] of the 3-layer sigmoid chain
    /// a_k = σ(w_k a_(k−1)), L = (a_3 − y)², against central differences on fresh values; a failure names the
    /// weights whose gradient is wrong, so the learner knows between which layers the error enters.
    /// </summary>
    public static CheckResult CheckChainGradients(string id, Func<double, double, double, double, double, double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "compare each returned gradient with a central difference of the loss; the first wrong weight, counted from the output, tells you which backward step to reread.";
        return Run(id, hint, () =>
        {
            foreach (var (x, y, w1, w2, w3) in ChainCases)
            {
                var actual = answer(x, y, w1, w2, w3);
                if (actual is null || actual.Length != 3)
                {
                    return Fail(id, "return three numbers: [dL/dw1, dL/dw2, dL/dw3].", hint);
                }

                var expected = ExerciseReferences.ChainNumerical(x, y, w1, w2, w3, 1e-6);
                var wrong = Enumerable.Range(0, 3).Where(k => !(Math.Abs(actual[k] - expected[k]) <= 1e-6 * Math.Max(1e-3, Math.Abs(expected[k])))).ToList();
                if (wrong.Count == 0)
                {
                    continue;
                }

                var where = string.Create(CultureInfo.InvariantCulture, $"at x = {x}, y = {y}, w = ({w1}, {w2}, {w3})");
                var names = string.Join(" and ", wrong.Select(k => $"dL/dw{k + 1}"));
                var right = string.Join(" and ", Enumerable.Range(0, 3).Except(wrong).Select(k => $"dL/dw{k + 1}"));
                var last = wrong.Max();
                string problem;
                if (wrong.All(k => Close(actual[k], -expected[k], 1e-6)))
                {
                    problem = $"{where} {names} {(wrong.Count == 1 ? "has" : "have")} the wrong sign: check the sign of (a3 − y).";
                }
                else if (wrong.Count == 3 && wrong.All(k => Close(actual[k], 0.5 * expected[k], 1e-6)))
                {
                    problem = $"{where} all three gradients are half as large as finite differences say: the loss's own derivative is missing a factor.";
                }
                else
                {
                    var step = last switch
                    {
                        2 => "the error is already in the last layer: check dL/da3 and the output sigmoid's derivative",
                        1 => "the error enters in the step from layer 3 back to layer 2: check what you carry back through w3 and layer 2's sigmoid derivative",
                        _ => "the error enters in the last step back, from layer 2 to layer 1: check what you carry back through w2 and the factor that multiplies by the layer's input",
                    };
                    problem = $"{where} {names} {(wrong.Count == 1 ? "is" : "are")} wrong{(right.Length > 0 ? $" while {right} {(wrong.Count == 2 ? "is" : "are")} right" : string.Empty)}: {step}.";
                }

                return Fail(id, problem, hint);
            }

            return Pass(id, "all three gradients agree with central differences on three fresh chains.");
        });
    }

    /// <summary>01.2: checks <c>NumericalChainGradients(x, y, w1, w2, w3, eps)</c> (central differences) against the exact gradients.</summary>
    public static CheckResult CheckNumericalChainGradients(string id, Func<double, double, double, double, double, double, double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "for each weight in turn: loss with that weight + ε, loss with it − ε (the others unchanged), difference over 2ε.";
        return Run(id, hint, () =>
        {
            foreach (var (x, y, w1, w2, w3) in ChainCases)
            {
                var exact = ExerciseReferences.ChainExact(x, y, w1, w2, w3);
                var where = string.Create(CultureInfo.InvariantCulture, $"at x = {x}, y = {y}, w = ({w1}, {w2}, {w3})");
                var coarse = answer(x, y, w1, w2, w3, 1e-2);
                var fine = answer(x, y, w1, w2, w3, 1e-3);
                if (coarse is null || fine is null || coarse.Length != 3 || fine.Length != 3)
                {
                    return Fail(id, "return three numbers: the numerical dL/dw1, dL/dw2, dL/dw3.", hint);
                }

                var scale = exact.Max(Math.Abs);
                var errorCoarse = coarse.Zip(exact, (a, e) => Math.Abs(a - e)).Max() / scale;
                var errorFine = fine.Zip(exact, (a, e) => Math.Abs(a - e)).Max() / scale;
                if (errorFine < 1e-4 && errorCoarse < 1e-2 && (errorFine < 1e-9 || errorCoarse / errorFine > 30))
                {
                    continue;
                }

                string problem;
                if (fine.Zip(exact, (a, e) => Close(a, 2 * e, 1e-3)).All(ok => ok))
                {
                    problem = $"{where} your differences are twice the gradient: the two evaluations are 2ε apart.";
                }
                else if (fine.Zip(exact, (a, e) => Close(a, -e, 1e-3)).All(ok => ok))
                {
                    problem = $"{where} your differences have the wrong sign: subtract the loss at w − ε from the loss at w + ε.";
                }
                else if (errorFine < 1e-2 && errorCoarse / Math.Max(errorFine, 1e-300) < 30)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"{where} your error shrinks only about {errorCoarse / errorFine:0}× when ε shrinks 10× — that is a one-sided difference; the central one gains about 100×.");
                }
                else
                {
                    var k = Enumerable.Range(0, 3).MaxBy(i => Math.Abs(fine[i] - exact[i]));
                    problem = $"{where} your numerical dL/dw{k + 1} is far from the gradient: perturb only w{k + 1}, and recompute the whole forward pass and the loss for each evaluation.";
                }

                return Fail(id, problem, hint);
            }

            return Pass(id, "your central differences agree with the exact gradients, with the error shrinking about 100× per 10× smaller ε.");
        });
    }

    /// <summary>01.3: checks <c>DenseWeightGradient(x, dY)</c> (dL/dW of a Dense layer) against <see cref="Dense.Backward"/> on fresh batches.</summary>
    public static CheckResult CheckDenseWeightGradient(string id, Func<Matrix, Matrix, Matrix> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "dW has the shape of W (fanIn × fanOut); each entry sums, over the examples of the batch, an input value times a gradient value.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            foreach (var (n, fanIn, fanOut) in new (int, int, int)[] { (5, 3, 4), (8, 6, 2), (3, 7, 7) })
            {
                var x = Initializers.Normal(1.0).Sample(n, fanIn, random);
                var dY = Initializers.Normal(1.0).Sample(n, fanOut, random);
                var actual = answer(x.Clone(), dY.Clone());
                var dense = new Dense(Initializers.Normal(1.0).Sample(fanIn, fanOut, random), new Matrix(1, fanOut));
                dense.Forward(x);
                dense.Backward(dY);
                var expected = dense.Weights.Grad;
                var where = $"for x of shape {x.Shape} and dY of shape {dY.Shape}";
                if (actual is null)
                {
                    return Fail(id, $"{where} you returned null.", hint);
                }

                if (actual.Rows != fanIn || actual.Cols != fanOut)
                {
                    var swapped = actual.Rows == fanOut && actual.Cols == fanIn;
                    return Fail(id, $"{where} your result has shape {actual.Shape}; dW has W's shape {fanIn} × {fanOut}{(swapped ? ": you computed its transpose — swap the order of the product" : string.Empty)}.", hint);
                }

                if (actual.MaxAbsDifference(expected) <= 1e-10 * Math.Max(1, expected.Data.Max(Math.Abs)))
                {
                    continue;
                }

                var ratio = expected.Data.Zip(actual.Data, (e, a) => Math.Abs(e) > 1e-9 ? a / e : double.NaN).Where(double.IsFinite).ToList();
                var problem = ratio.Count > 0 && ratio.All(r => Math.Abs(r - (1.0 / n)) < 1e-9)
                    ? $"{where} your dW is the true one divided by the batch size: the 1/n of the mean is already inside dY."
                    : $"{where} your dW differs from Dense.Backward's: it must sum over all examples (rows), pairing row r of x with row r of dY.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your dW matches the library's Dense.Backward on three fresh batches.");
        });
    }

    // ----- 02: activations and saturation -----

    /// <summary>02.1: checks <c>TanhBackwardFromOutput(y, dY)</c> — tanh's backward pass from its output y = tanh(x).</summary>
    public static CheckResult CheckTanhBackwardFromOutput(string id, Func<double[], double[], double[]> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return CheckBackward(id, (x, dY) => answer(x.Select(Math.Tanh).ToArray(), dY), Activations.Tanh);
    }

    /// <summary>02.2: checks <c>SaturatedShare(h, threshold)</c> on fresh pre-activation matrices and thresholds.</summary>
    public static CheckResult CheckSaturatedShare(string id, Func<Matrix, double, double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "for every entry of h (every example and unit) compute the sigmoid's derivative at it; count the entries where it is below the threshold; divide by the number of entries.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(SeedOf(id));
            foreach (var (rows, cols, scale, threshold) in new (int, int, double, double)[] { (16, 32, 6.0, 0.01), (40, 8, 3.0, 0.05), (10, 10, 12.0, 0.001) })
            {
                var h = Initializers.Normal(scale).Sample(rows, cols, random);
                var actual = answer(h.Clone(), threshold);
                var expected = ExerciseReferences.SaturatedShare(h, threshold);
                if (Close(actual, expected, 1e-12))
                {
                    continue;
                }

                var where = string.Create(CultureInfo.InvariantCulture, $"for a {h.Shape} matrix with std ≈ {scale} and threshold {threshold}");
                var tanhShare = h.Data.Count(v => Activations.Tanh.Derivative(v) < threshold) / (double)h.Length;
                var problem = Close(actual, expected * 100, 1e-12) && expected > 0
                    ? $"{where} you returned a percentage; return a fraction between 0 and 1."
                    : Close(actual, 1 - expected, 1e-12)
                        ? $"{where} you counted the units that are NOT saturated."
                        : Close(actual, tanhShare, 1e-12)
                            ? $"{where} you used tanh's derivative; this layer is a sigmoid layer."
                            : $"{where} your share {Format(actual)} is off: compare the sigmoid's derivative (not its value, not h) with the threshold, over all entries.";
                return Fail(id, problem, hint);
            }

            return Pass(id, "your saturation reader is right on three fresh matrices and thresholds.");
        });
    }

    /// <summary>02.3: checks <c>ScaleForSaturatedShare(targetShare)</c> (a search over weight scales) for fresh targets.</summary>
    public static CheckResult CheckScaleForSaturatedShare(string id, Func<double, double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "the share grows with the scale: bisect between a scale where it is below the target and one where it is above, until the interval is narrower than 1e-4.";
        return Run(id, hint, () =>
        {
            foreach (var target in SaturationTargets)
            {
                var actual = answer(target);
                var expected = ExerciseReferences.ScaleForSaturatedShare(target);
                if (Math.Abs(actual - expected) <= 1e-3 * expected)
                {
                    continue;
                }

                var share = double.IsFinite(actual) && actual > 0 ? ExerciseReferences.SaturatedShareAtScale(actual) : double.NaN;
                var problem = !(actual > 0)
                    ? string.Create(CultureInfo.InvariantCulture, $"for a target of {target:P0} you returned {Format(actual)}; a weight scale is positive.")
                    : share < target
                        ? string.Create(CultureInfo.InvariantCulture, $"for a target of {target:P0}: at your scale {Format(actual)} only {share:P1} of the entries saturate — search higher.")
                        : string.Create(CultureInfo.InvariantCulture, $"for a target of {target:P0}: at your scale {Format(actual)} already {share:P1} saturate; a smaller scale also reaches the target — you want the smallest one (to 0.1 %).");
                return Fail(id, problem, hint);
            }

            return Pass(id, "your search finds the same scale as the library's for a target you did not try (60 %).");
        });
    }
}
