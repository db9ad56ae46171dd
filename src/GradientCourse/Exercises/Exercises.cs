using System.Globalization;
using System.Text.RegularExpressions;

namespace GradientCourse;

/// <summary>
/// Self-checking exercises. The learner's answer is a function (so a notebook with unanswered exercises
/// still runs top to bottom); each check runs it, compares with a value the library computes, prints
/// the verdict and returns it. An answer that still throws <see cref="NotImplementedException"/> is
/// reported as "not answered yet", never as a crash.
/// </summary>
public static partial class Exercises
{
    /// <summary>Checks a number against <paramref name="expected"/> within an absolute or relative tolerance.</summary>
    /// <param name="id">Exercise id, "NN.k".</param>
    /// <param name="answer">The learner's code.</param>
    /// <param name="expected">The right value (computed by the library or in closed form).</param>
    /// <param name="tolerance">Accepted |answer − expected| / max(1, |expected|).</param>
    /// <param name="hint">What to reread or look at when the answer is off.</param>
    public static CheckResult Value(string id, Func<double> answer, double expected, double tolerance, string hint)
    {
        ArgumentNullException.ThrowIfNull(answer);
        RequireTolerance(tolerance);
        return Run(id, hint, () =>
        {
            var actual = answer();
            if (!double.IsFinite(actual))
            {
                return Fail(id, $"your answer is {Format(actual)}, not a finite number.", hint);
            }

            var error = Math.Abs(actual - expected) / Math.Max(1.0, Math.Abs(expected));
            return error <= tolerance
                ? new CheckResult(id, true, $"{Format(actual)} matches {Format(expected)}.", null)
                : Fail(id, $"your answer is {Format(actual)}, expected about {Format(expected)} (relative error {Format(error)} > {Format(tolerance)}).", hint);
        });
    }

    /// <summary>Checks a matrix: first its shape, then every element within <paramref name="tolerance"/> (absolute, scaled by max(1, |expected|)).</summary>
    public static CheckResult Matrix(string id, Func<Matrix> answer, Matrix expected, double tolerance, string hint)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(expected);
        RequireTolerance(tolerance);
        return Run(id, hint, () =>
        {
            var actual = answer();
            if (actual is null)
            {
                return Fail(id, "your answer is null; return a Matrix.", hint);
            }

            if (actual.Rows != expected.Rows || actual.Cols != expected.Cols)
            {
                return Fail(id, $"your matrix has shape {actual.Shape}, expected {expected.Shape}.", hint);
            }

            for (var i = 0; i < expected.Length; i++)
            {
                var (a, e) = (actual.Data[i], expected.Data[i]);
                if (!(Math.Abs(a - e) <= tolerance * Math.Max(1.0, Math.Abs(e))))
                {
                    var (r, c) = (i / expected.Cols, i % expected.Cols);
                    return Fail(id, $"element ({r}, {c}) is {Format(a)}, expected about {Format(e)}.", hint);
                }
            }

            return new CheckResult(id, true, $"all {expected.Length} elements of the {expected.Shape} matrix match.", null);
        });
    }

    /// <summary>Checks a condition on the learner's result; <paramref name="whatIsWrong"/> says what failed in words.</summary>
    public static CheckResult That<T>(string id, Func<T> answer, Func<T, bool> isRight, Func<T, string> whatIsWrong, string passMessage, string hint)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(isRight);
        ArgumentNullException.ThrowIfNull(whatIsWrong);
        return Run(id, hint, () =>
        {
            var actual = answer();
            return isRight(actual) ? new CheckResult(id, true, passMessage, null) : Fail(id, whatIsWrong(actual), hint);
        });
    }

    private static CheckResult Run(string id, string hint, Func<CheckResult> check)
    {
        RequireId(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(hint);
        CheckResult result;
        try
        {
            result = check();
        }
        catch (NotImplementedException)
        {
            result = Fail(id, "not answered yet: replace the `throw new NotImplementedException(...)` line with your code.", hint) with { NotAnswered = true };
        }
#pragma warning disable CA1031 // A learner's answer may throw anything; the check reports it instead of crashing the notebook.
        catch (Exception ex)
        {
            result = Fail(id, $"your code threw {ex.GetType().Name}: {ex.Message}", hint);
        }
#pragma warning restore CA1031

        Console.WriteLine(result.ToString());
        return result;
    }

    private static CheckResult Fail(string id, string message, string hint) => new(id, false, message, hint);

    private static void RequireId(string id)
    {
        if (id is null || !IdPattern().IsMatch(id))
        {
            throw new ArgumentException($"id is \"{id}\"; exercise ids look like \"03.2\" (two-digit notebook number, dot, exercise number).", nameof(id));
        }
    }

    private static void RequireTolerance(double tolerance)
    {
        if (!(tolerance >= 0) || !double.IsFinite(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be a finite number ≥ 0, e.g. 1e-6.");
        }
    }

    private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{2}\.\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
