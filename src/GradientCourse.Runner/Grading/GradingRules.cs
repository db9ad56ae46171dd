using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GradientCourse.Runner.Grading;

/// <summary>One hidden test of an exercise, recorded from the instructor's notebook: the function to call, its
/// arguments, the instructor's result (never sent to a worker) and how to compare.</summary>
/// <param name="Exercise">The exercise id, "NN.k".</param>
/// <param name="Function">The answer function's name.</param>
/// <param name="ArgumentsJson">The arguments, a JSON array.</param>
/// <param name="Tolerance">Accepted |actual − expected| / max(1, |expected|) per number.</param>
/// <param name="Hints">Shown when this probe fails.</param>
/// <param name="Implicit">True for the grader's own zero-argument call of an exercise without probes.</param>
/// <param name="ExpectedJson">The instructor's result (JSON), null when the instructor's call failed.</param>
/// <param name="InstructorProblem">Why the instructor's notebook cannot grade with this probe (NaN, an exception), or null.</param>
public sealed record ProbeSpec(string Exercise, string Function, string ArgumentsJson, double Tolerance,
    IReadOnlyList<string> Hints, bool Implicit, string? ExpectedJson, string? InstructorProblem);

/// <summary>What the worker returned for one probe call (untrusted data).</summary>
/// <param name="Status">"ok", "not-answered", "error", "undefined" (the function does not compile as called),
/// "timeout", "memory", "crashed" or "violation".</param>
/// <param name="ValueJson">The result for "ok".</param>
/// <param name="Message">What went wrong otherwise.</param>
public sealed record ProbeOutcome(string Status, string? ValueJson, string? Message);

/// <summary>Why the worker stopped before every call was answered (applies to the calls without an outcome).</summary>
/// <param name="Status">Timeout, Memory, Crashed or ProtocolViolation.</param>
/// <param name="Message">The reason in words.</param>
public sealed record WorkerStop(GradeStatus Status, string Message);

/// <summary>The grade of one exercise: status, what was found, and a hint.</summary>
/// <param name="Status">The status.</param>
/// <param name="Message">What was found (never the expected value).</param>
/// <param name="Hint">The failing probe's hints, or null.</param>
public sealed record Verdict(GradeStatus Status, string Message, string? Hint);

/// <summary>
/// The trusted comparison: turns the instructor's recorded probes and the worker's returned data into a verdict.
/// Runs in the grader's process only; nothing here is ever sent to a worker.
/// </summary>
public static class GradingRules
{
    /// <summary>The verdict for one exercise.</summary>
    /// <param name="probes">The exercise's probes, in order.</param>
    /// <param name="outcomes">The worker's outcome per probe (null: no result came back).</param>
    /// <param name="answerCellError">The answer cell's compile or run error, if any.</param>
    /// <param name="stop">Why the worker stopped early, if it did.</param>
    public static Verdict Judge(IReadOnlyList<ProbeSpec> probes, IReadOnlyList<ProbeOutcome?> outcomes, string? answerCellError, WorkerStop? stop)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (probes.Count == 0)
        {
            return new Verdict(GradeStatus.InstructorError,
                "the instructor's notebook has no hidden test for this exercise (add Exercises.Probe calls to its ex-NN-k-hidden cell); it cannot be graded", null);
        }

        if (probes.FirstOrDefault(p => p.InstructorProblem is not null) is { } broken)
        {
            return new Verdict(GradeStatus.InstructorError, $"the instructor's notebook cannot grade this exercise: {broken.InstructorProblem}", null);
        }

        for (var i = 0; i < probes.Count; i++)
        {
            var probe = probes[i];
            var outcome = i < outcomes.Count ? outcomes[i] : null;
            var test = probes.Count == 1 ? "the hidden test" : $"hidden test {i + 1} of {probes.Count}";
            var call = Describe(probe);
            var hint = probe.Hints.Count == 0 ? null : string.Join(" ", probe.Hints);
            if (outcome is null)
            {
                if (answerCellError is not null)
                {
                    return new Verdict(GradeStatus.Error, "your answer cell failed: " + answerCellError, null);
                }

                return stop is not null
                    ? new Verdict(stop.Status, stop.Message, null)
                    : new Verdict(GradeStatus.Crashed, $"no result came back for {test} ({call})", null);
            }

            switch (outcome.Status)
            {
                case "ok":
                    var wrong = Compare(probe.ExpectedJson, outcome.ValueJson, probe.Tolerance);
                    if (wrong is not null)
                    {
                        return new Verdict(GradeStatus.Failed, $"{test}: {call} {wrong}", hint);
                    }

                    break;
                case "not-answered":
                    return new Verdict(GradeStatus.NotAnswered,
                        "not answered yet: replace the `throw new NotImplementedException(...)` line with your code.", null);
                case "undefined":
                    return new Verdict(GradeStatus.Error,
                        answerCellError is not null ? "your answer cell failed: " + answerCellError : $"{test} could not call {probe.Function}: {outcome.Message}", null);
                case "error":
                    return new Verdict(GradeStatus.Failed, $"{test}: {call} failed: {outcome.Message}", hint);
                case "timeout":
                    return new Verdict(GradeStatus.Timeout, $"{test}: {call} hit the time limit: {outcome.Message}", null);
                case "memory":
                    return new Verdict(GradeStatus.Memory, $"{test}: {call} ran out of memory: {outcome.Message}", null);
                case "violation":
                    return new Verdict(GradeStatus.ProtocolViolation, $"{test}: {outcome.Message}", null);
                default:
                    return new Verdict(GradeStatus.Crashed, $"{test}: {call}: {outcome.Message}", null);
            }
        }

        return new Verdict(GradeStatus.Passed, probes.Count == 1 ? "the hidden test passed" : $"all {probes.Count} hidden tests passed", null);
    }

    /// <summary>"F(args)" for messages.</summary>
    public static string Describe(ProbeSpec probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var args = probe.ArgumentsJson.Length >= 2 ? probe.ArgumentsJson[1..^1] : probe.ArgumentsJson;
        if (args.Length > 60)
        {
            args = args[..57] + "...";
        }

        return $"{probe.Function}({args})";
    }

    /// <summary>Null when <paramref name="actualJson"/> matches <paramref name="expectedJson"/>; otherwise what is wrong,
    /// in words that never state the expected value.</summary>
    public static string? Compare(string? expectedJson, string? actualJson, double tolerance)
    {
        JsonNode? expected;
        JsonNode? actual;
        try
        {
            expected = expectedJson is null ? null : JsonNode.Parse(expectedJson);
            actual = actualJson is null ? null : JsonNode.Parse(actualJson);
        }
        catch (JsonException)
        {
            return "returned something the grader cannot read";
        }

        return Compare(expected, actual, tolerance, "");
    }

    /// <summary>True when the JSON value contains a NaN anywhere.</summary>
    public static bool ContainsNaN(string? json)
    {
        if (json is null)
        {
            return false;
        }

        try
        {
            return ContainsNaN(JsonNode.Parse(json));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool ContainsNaN(JsonNode? node) => node switch
    {
        JsonArray array => array.Any(ContainsNaN),
        JsonObject => TryNumber(node, out var d) && double.IsNaN(d),
        _ => false,
    };

    private static string? Compare(JsonNode? expected, JsonNode? actual, double tolerance, string path)
    {
        var where = path.Length == 0 ? "returned" : $"returned, at element {path},";
        if (expected is null)
        {
            return actual is null ? null : $"{where} {Show(actual)}, not null";
        }

        if (TryNumber(expected, out var e))
        {
            if (actual is null || !TryNumber(actual, out var a))
            {
                return $"{where} {Show(actual)}, not a number";
            }

            if (double.IsInfinity(e))
            {
                return a.Equals(e) ? null : $"{where} {Format(a)}: not the expected value";
            }

            if (!double.IsFinite(a))
            {
                return $"{where} {Format(a)}, not a finite number";
            }

            return Math.Abs(a - e) <= tolerance * Math.Max(1.0, Math.Abs(e))
                ? null
                : $"{where} {Format(a)}: not the expected value (tolerance {Format(tolerance)}, relative to max(1, |expected|))";
        }

        if (expected is JsonArray expectedItems)
        {
            if (actual is not JsonArray actualItems)
            {
                return $"{where} {Show(actual)}, not a list of values";
            }

            if (actualItems.Count != expectedItems.Count)
            {
                return $"{where} {actualItems.Count.ToString(CultureInfo.InvariantCulture)} element(s): not the expected count ({expectedItems.Count.ToString(CultureInfo.InvariantCulture)})";
            }

            for (var i = 0; i < expectedItems.Count; i++)
            {
                var inner = Compare(expectedItems[i], actualItems[i], tolerance, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]");
                if (inner is not null)
                {
                    return inner;
                }
            }

            return null;
        }

        if (expected is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return actual is JsonValue other && other.GetValueKind() == value.GetValueKind()
                ? null
                : $"{where} {Show(actual)}: not the expected answer";
        }

        if (expected is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            return actual is JsonValue got && got.GetValueKind() == JsonValueKind.String
                && string.Equals(got.GetValue<string>().Trim(), text.GetValue<string>().Trim(), StringComparison.OrdinalIgnoreCase)
                ? null
                : $"{where} {Show(actual)}: not the expected answer";
        }

        return $"{where} {Show(actual)}: not the expected answer";
    }

    private static bool TryNumber(JsonNode? node, out double value)
    {
        value = double.NaN;
        switch (node)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                value = v.GetValue<double>();
                return true;
            case JsonObject o when o.Count == 1 && o["double"] is JsonValue s && s.GetValueKind() == JsonValueKind.String:
                value = s.GetValue<string>() switch
                {
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    _ => double.NaN,
                };
                return true;
            default:
                return false;
        }
    }

    private static string Show(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        if (TryNumber(node, out var d))
        {
            return Format(d);
        }

        var text = node.ToJsonString();
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
