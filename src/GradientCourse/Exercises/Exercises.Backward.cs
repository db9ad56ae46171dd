using System.Globalization;

namespace GradientCourse;

public static partial class Exercises
{
    /// <summary>
    /// Checks a hand-written activation backward pass <c>dX = backward(x, dY)</c> against <paramref name="activation"/>
    /// on fresh random inputs (negative, positive, saturated), then plugs it into a small network and runs
    /// <see cref="GradientCheck"/> on it. A failure says where the gradient goes wrong (sign, constant factor, one side
    /// of zero, large inputs, ignoring dY…), never what it should be.
    /// </summary>
    /// <param name="id">Exercise id, "NN.k".</param>
    /// <param name="backward">The learner's backward pass: inputs x and incoming gradient dY to dX.</param>
    /// <param name="activation">The activation whose forward pass the backward pass belongs to.</param>
    public static CheckResult CheckBackward(string id, Func<double[], double[], double[]> backward, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(backward);
        ArgumentNullException.ThrowIfNull(activation);
        const string hint = "compare with finite differences: (f(x + h) − f(x − h)) / 2h for a small h, times dY.";
        return Run(id, hint, () =>
        {
            var problem = BackwardProblem(backward, activation, SeedOf(id));
            if (problem is not null)
            {
                return Fail(id, problem, hint);
            }

            var report = ExerciseReferences.GradientCheckWith(backward, activation, SeedOf(id) + 1);
            return report.Passes(1e-6)
                ? new CheckResult(id, true, string.Create(CultureInfo.InvariantCulture, $"your backward pass matches on 96 fresh inputs, and GradientCheck on a 3-layer {activation.Name} net using it gives max relative error {report.MaxRelativeError:0.0e+00}."), null)
                : Fail(id, string.Create(CultureInfo.InvariantCulture, $"element by element your values look right, but GradientCheck on a network using them gives max relative error {report.MaxRelativeError:0.0e+00}: does your function depend on the order or length of its inputs?"), hint);
        });
    }

    /// <summary>What is wrong with <paramref name="backward"/> on fresh inputs, or null when nothing is.</summary>
    internal static string? BackwardProblem(Func<double[], double[], double[]> backward, Activation activation, int seed)
    {
        var random = Seeds.Create(seed);
        var n = 96;
        var x = new double[n];
        var dY = new double[n];
        for (var i = 0; i < n; i++)
        {
            // two thirds moderate (|x| ≲ 4), one third far out in the saturated region (8 ≤ |x| ≤ 40); never at a kink
            var magnitude = i % 3 == 2 ? random.NextUniform(8, 40) : random.NextUniform(0.05, 4);
            x[i] = (i % 2 == 0 ? 1 : -1) * magnitude;
            dY[i] = (random.NextDouble() < 0.5 ? -1 : 1) * random.NextUniform(0.3, 3);
        }

        var dX = backward((double[])x.Clone(), (double[])dY.Clone());
        if (dX is null)
        {
            return "your function returned null; return an array dX with one value per input.";
        }

        if (dX.Length != n)
        {
            return $"your function returned {dX.Length} values for {n} inputs; dX has one value per input.";
        }

        var expected = x.Select((v, i) => dY[i] * activation.Derivative(v)).ToArray();
        bool Close(double a, double e) => Math.Abs(a - e) <= 1e-12 + (1e-7 * Math.Abs(e));
        var bad = Enumerable.Range(0, n).Where(i => !Close(dX[i], expected[i])).ToList();
        if (bad.Count == 0)
        {
            return null;
        }

        var nonFinite = bad.FirstOrDefault(i => !double.IsFinite(dX[i]), -1);
        if (nonFinite >= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"your dX is {dX[nonFinite]} at x = {x[nonFinite]:0.##}: large |x| overflows in your formula. Rewrite it so that nothing is computed as exp of a large positive number (the library's forward pass does this).");
        }

        if (Enumerable.Range(0, n).All(i => Close(dX[i], activation.Derivative(x[i]))))
        {
            return "your dX does not depend on dY: you returned the local derivative alone. The chain rule multiplies it by the gradient arriving from above.";
        }

        if (Enumerable.Range(0, n).All(i => Close(dX[i], dY[i] * activation.Value(x[i]))))
        {
            return "your dX is dY times the activation's value; backward needs the activation's slope at x, not its value.";
        }

        if (Enumerable.Range(0, n).All(i => Close(dX[i], -expected[i])))
        {
            return "your dX has the right size everywhere but the opposite sign: check the sign of each term of the derivative.";
        }

        static string Side(double v) => v > 0 ? "positive" : "negative";
        var moderate = Enumerable.Range(0, n).Where(i => Math.Abs(x[i]) < 5).ToList();
        var badModerate = moderate.Where(i => bad.Contains(i)).ToList();
        if (badModerate.Count == 0)
        {
            var i = bad[0];
            return string.Create(CultureInfo.InvariantCulture, $"your dX is right for |x| < 5 but wrong far out, e.g. at x = {x[i]:0.#} (saturated region): check how your formula behaves for large |x| (rounding, overflow, or a branch that is wrong there).");
        }

        foreach (var sign in new[] { 1.0, -1.0 })
        {
            var here = moderate.Where(i => Math.Sign(x[i]) == sign).ToList();
            var there = moderate.Where(i => Math.Sign(x[i]) != sign).ToList();
            if (here.All(i => !bad.Contains(i)) && there.Any(i => bad.Contains(i)))
            {
                var ratios = there.Where(i => bad.Contains(i) && expected[i] != 0).Select(i => dX[i] / expected[i]).ToList();
                var factor = ratios.Count > 0 && ratios.All(r => Math.Abs(r - ratios[0]) < 1e-6 * Math.Max(1, Math.Abs(ratios[0])))
                    ? string.Create(CultureInfo.InvariantCulture, $" — there it is {ratios[0]:0.###}× the true gradient") : string.Empty;
                return $"your dX is right for {Side(sign)} inputs but wrong for {Side(-sign)} ones{factor}: check the derivative you multiply by on the {Side(-sign)} side.";
            }
        }

        var all = moderate.Where(i => expected[i] != 0).Select(i => dX[i] / expected[i]).ToList();
        if (all.Count > 0 && all.All(r => Math.Abs(r - all[0]) < 1e-6 * Math.Max(1, Math.Abs(all[0]))))
        {
            return string.Create(CultureInfo.InvariantCulture, $"every value of your dX is {all[0]:0.###}× the true gradient: a constant factor is off. Check the derivative you multiply by.");
        }

        var k = badModerate[0];
        var relation = Math.Abs(dX[k]) > Math.Abs(expected[k]) ? "too large" : "too small";
        return string.Create(CultureInfo.InvariantCulture, $"your dX is wrong at {bad.Count} of {n} inputs, e.g. at x = {x[k]:0.###}, dY = {dY[k]:0.###} it is {relation} by a factor {Math.Abs(dX[k] / expected[k]):0.###}; the error changes with x, so the shape of your derivative is off, not a constant.");
    }

    /// <summary>A seed for an exercise's fresh inputs: fixed per id, different from every number in the prose.</summary>
    internal static int SeedOf(string id) => 7919 + id.Aggregate(17, (h, c) => unchecked((h * 31) + c)) % 100_000;
}
