using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace GradientCourse;

/// <summary>A hidden test of an exercise, as written in an instructor-only <c>ex-NN-k-hidden</c> cell: call the
/// learner's function <see cref="Function"/> on <see cref="ArgumentsJson"/> and compare with the instructor's own
/// result within <see cref="Tolerance"/>. The comparison never happens in the process that runs learner code: the
/// course runner's grader records these probes from the instructor's notebook, asks the sandboxed worker only for
/// the learner's result on the same arguments, and compares in its own process.</summary>
/// <param name="ExerciseId">The exercise, "NN.k".</param>
/// <param name="Function">The name of the function the answer cell defines.</param>
/// <param name="ArgumentsJson">The arguments as a JSON array (data only, see <see cref="ProbeJson"/>).</param>
/// <param name="Tolerance">Accepted |actual − expected| / max(1, |expected|) for every number of the result.</param>
/// <param name="Hints">What to look at when the learner's result differs (shown by the grader; may be empty).</param>
public sealed record ProbeRecord(string ExerciseId, string Function, string ArgumentsJson, double Tolerance, IReadOnlyList<string> Hints);

/// <summary>Hidden tests (probes) of exercises: see <see cref="Probe"/>.</summary>
public static partial class Exercises
{
    private static readonly List<ProbeRecord> Recorded = [];

    /// <summary>
    /// Declares a hidden test: the grader calls <paramref name="function"/> (a function the answer cell defines,
    /// written <c>nameof(Fn)</c>) on <paramref name="args"/> in the learner's notebook and in the instructor's, and
    /// compares the two results. Arguments and results are data only: bool, int, long, double, string, double[],
    /// int[], double[][] and <see cref="GradientCourse.Matrix"/> (sent as its rows). Prints a one-line note and
    /// returns the record; the verdict is the grader's, never this process's.
    /// </summary>
    /// <param name="id">Exercise id, "NN.k".</param>
    /// <param name="function">The answer function's name.</param>
    /// <param name="args">The arguments, in parameter order.</param>
    /// <param name="tolerance">Accepted |actual − expected| / max(1, |expected|) per number (0: exact).</param>
    /// <param name="hints">Shown to the learner by the grader when this probe fails (no expected values or formulas).</param>
    public static ProbeRecord Probe(string id, string function, IReadOnlyList<object?> args, double tolerance = 1e-9, IReadOnlyList<string>? hints = null)
    {
        RequireId(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        ArgumentNullException.ThrowIfNull(args);
        RequireTolerance(tolerance);
        var record = new ProbeRecord(id, function, ProbeJson.Serialize(args), tolerance, hints ?? []);
        lock (Recorded)
        {
            Recorded.Add(record);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"probe {id}: {function}({ProbeJson.Abbreviate(record.ArgumentsJson)}) = {SelfCheck(function, record.ArgumentsJson)}"));
        return record;
    }

    /// <summary>
    /// The instructor's one-line self-check: calls the latest script-defined function named <paramref name="function"/>
    /// (Roslyn script submissions, as in a notebook) on the arguments. A function that uses notebook variables cannot be
    /// called from here (the grader calls it in the full notebook state), and the grader's own record run skips this
    /// (<c>GRADIENTCOURSE_PROBES=record</c>) so that every probe runs once.
    /// </summary>
    private static string SelfCheck(string function, string argumentsJson)
    {
        if (Environment.GetEnvironmentVariable("GRADIENTCOURSE_PROBES") == "record")
        {
            return "(recorded by the grader)";
        }

        MethodInfo? found = null;
        var latest = -1;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            // Submissions are compiled in memory, so an assembly loaded from a file is skipped unread: the real kernel has
            // about 180 of those, and listing their 67,000 types took 1.3 s there.
            if (assembly.IsDynamic || !string.IsNullOrEmpty(assembly.Location))
            {
                continue;
            }

            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = [.. e.Types.OfType<Type>()];
            }

            foreach (var type in types.Where(t => t.Name.StartsWith("Submission#", StringComparison.Ordinal)))
            {
                var method = type.GetMethod(function, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
                if (method is not null && int.TryParse(type.Name["Submission#".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > latest)
                {
                    (found, latest) = (method, number);
                }
            }
        }

        if (found is null)
        {
            return "(no function of that name in this notebook yet)";
        }

        var target = found.IsStatic ? null : RuntimeHelpers.GetUninitializedObject(found.DeclaringType!);
        var parameterTypes = found.GetParameters().Select(p => p.ParameterType).ToArray();
        Delegate call;
        try
        {
            call = Delegate.CreateDelegate(Expression.GetDelegateType([.. parameterTypes, found.ReturnType]), target, found);
        }
        catch (ArgumentException)
        {
            return "(this function cannot be called from here; the grader calls it)";
        }

        using var outcome = JsonDocument.Parse(ProbeJson.Invoke(call, argumentsJson));
        var root = outcome.RootElement;
        return root.GetProperty("status").GetString() switch
        {
            "ok" => ProbeJson.Abbreviate(root.GetProperty("value").GetRawText()) + " (your function; the grader compares students' results with this)",
            "not-answered" => "not answered yet",
            var status => $"({status}: {(root.TryGetProperty("message", out var m) ? m.GetString() : "")}; if the function uses notebook variables, only the grader can call it)",
        };
    }

    /// <summary>The probes declared so far in this process, as a JSON array (for the course runner's grader), and
    /// forgets them.</summary>
    public static string TakeRecordedProbes()
    {
        lock (Recorded)
        {
            var json = ProbeJson.SerializeRecords(Recorded);
            Recorded.Clear();
            return json;
        }
    }
}
