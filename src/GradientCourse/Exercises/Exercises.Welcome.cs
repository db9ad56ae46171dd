using System.Globalization;

namespace GradientCourse;

public static partial class Exercises
{
    // ----- 00: welcome -----

    /// <summary>
    /// 00.1: checks <c>Sigmoid(x)</c>, written by hand, against the library's sigmoid on fresh inputs (including large
    /// |x|); a failure names the input and what kind of mistake the value points to, never the formula.
    /// </summary>
    public static CheckResult CheckSigmoidByHand(string id, Func<double, double> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "σ(x) is 1/2 at x = 0, tends to 1 for large positive x and to 0 for large negative x; write it with Math.Exp.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(20001);
            var inputs = new List<double> { 0.0, 2.0, -3.5, 40.0, -40.0 };
            for (var i = 0; i < 20; i++)
            {
                inputs.Add(Math.Round((random.NextDouble() - 0.5) * 16, 3));
            }

            foreach (var x in inputs)
            {
                var actual = answer(x);
                var expected = Activations.Sigmoid.Value(x);
                if (Math.Abs(actual - expected) <= 1e-12 * Math.Max(1e-300, Math.Abs(expected)) + 1e-300)
                {
                    continue;
                }

                var at = string.Create(CultureInfo.InvariantCulture, $"at x = {x}");
                string problem;
                if (double.IsNaN(actual))
                {
                    problem = $"{at} your function returns NaN.";
                }
                else if (Close(actual, Activations.Sigmoid.Value(-x), 1e-12))
                {
                    problem = $"{at} your value is σ(−x): check the sign inside the exponential.";
                }
                else if (actual < 0 || actual > 1)
                {
                    problem = $"{at} your value lies outside (0, 1), where a sigmoid always stays.";
                }
                else
                {
                    problem = $"{at} your value is {(actual > expected ? "too large" : "too small")}.";
                }

                return Fail(id, problem, hint);
            }

            return Pass(id, $"your sigmoid agrees with the library's on {inputs.Count} inputs, including x = ±40.");
        });
    }

    /// <summary>
    /// 00.2: checks <c>ParameterCount(inputSize, hiddenSizes, outputSize)</c> against the weights and biases counted
    /// of fresh architectures; a failure says whether weights or biases were missed.
    /// </summary>
    public static CheckResult CheckParameterCount(string id, Func<int, int[], int, int> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        const string hint = "walk through the Dense layers from the input to the output; each contributes its weights and its biases.";
        return Run(id, hint, () =>
        {
            var random = Seeds.Create(20002);
            var cases = new List<(int In, int[] Hidden, int Out)> { (4, [8, 8], 1), (3, [], 2) };
            for (var i = 0; i < 6; i++)
            {
                var hidden = Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(1, 33)).ToArray();
                cases.Add((random.Next(1, 20), hidden, random.Next(1, 6)));
            }

            foreach (var (inputSize, hidden, outputSize) in cases)
            {
                var sizes = new[] { inputSize }.Concat(hidden).Append(outputSize).ToArray();
                var weights = sizes.Zip(sizes.Skip(1), (a, b) => a * b).Sum();
                var biases = sizes.Skip(1).Sum();
                var actual = answer(inputSize, (int[])hidden.Clone(), outputSize);
                if (actual == weights + biases)
                {
                    continue;
                }

                var net = string.Create(CultureInfo.InvariantCulture, $"for inputSize {inputSize}, hiddenSizes [{string.Join(", ", hidden)}], outputSize {outputSize}");
                var problem = actual == weights ? $"{net} you counted the weights but not the biases."
                    : actual == biases ? $"{net} you counted the biases but not the weights."
                    : actual < weights + biases ? $"{net} your count is too small: is a layer missing (the output layer counts too)?"
                    : $"{net} your count is too large.";
                return Fail(id, problem, hint);
            }

            return Pass(id, $"right for {cases.Count} architectures, including one without hidden layers.");
        });
    }
}
