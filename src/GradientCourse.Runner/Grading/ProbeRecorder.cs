using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// Record mode: runs the instructor's source notebook once (trusted, outside the sandbox) and keeps, per exercise, the
/// probes its hidden cells declare with the instructor's result of each — the reference the grader compares with.
/// An exercise without probes gets the grader's implicit probes: one call of each zero-parameter function its answer
/// cell defines. Records are cached in the results folder per source hash and grader version.
/// </summary>
internal sealed class ProbeRecorder(WorkerLauncher launcher, GradeOptions options, ResultsFolder results, string graderVersion, TextWriter log)
{
    private readonly Dictionary<string, Dictionary<string, List<ProbeSpec>>> memory = new(StringComparer.Ordinal);

    /// <summary>exercise → its probes with the instructor's results.</summary>
    public Dictionary<string, List<ProbeSpec>> Record(SourceNotebook source)
    {
        if (memory.TryGetValue(source.Name, out var known))
        {
            return known;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source.Hash + "\n" + graderVersion)))[..32].ToLowerInvariant();
        var cacheFile = Path.Combine(ResultsFolder.StateFolderName, "records", key + ".json");
        var cached = results.ReadText(cacheFile);
        if (cached is not null)
        {
            try
            {
                var fromCache = JsonSerializer.Deserialize<Dictionary<string, List<ProbeSpec>>>(cached);
                if (fromCache is not null)
                {
                    memory[source.Name] = fromCache;
                    return fromCache;
                }
            }
            catch (JsonException)
            {
                // recorded again below
            }
        }

        log.WriteLine($"  recording the hidden tests of {source.Name} (the instructor's notebook, trusted run) ...");
        var implicitFunctions = GradedNotebook.ZeroArgumentFunctions(source);
        var implicitCalls = new List<(string Exercise, ProbeCall Call)>();
        foreach (var (exercise, functions) in implicitFunctions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var function in functions)
            {
                implicitCalls.Add((exercise, new ProbeCall(implicitCalls.Count, function, "[]")));
            }
        }

        var job = new WorkerJob(WorkerMode.Record, options.CellTimeout.TotalSeconds, GradedNotebook.RecordCells(source), [.. implicitCalls.Select(c => c.Call)]);
        var run = launcher.Run(job, isolate: false, options.NotebookTimeout * 2);
        foreach (var failed in run.Messages.Where(m => m.Kind == "cell"))
        {
            log.WriteLine($"  warning: the instructor's {source.Name} failed while recording: {failed.Message}");
        }

        var outcomes = new Dictionary<int, WorkerMessage>();
        foreach (var message in run.Messages.Where(m => m.Kind == "call"))
        {
            outcomes.TryAdd(message.Index, message);
        }

        var declared = (run.Messages.FirstOrDefault(m => m.Kind == "probes")?.Value as JsonArray ?? []).OfType<JsonObject>().ToList();
        var probes = new Dictionary<string, List<ProbeSpec>>(StringComparer.Ordinal);
        foreach (var exercise in source.Exercises)
        {
            var specs = new List<ProbeSpec>();
            for (var k = 0; k < declared.Count; k++)
            {
                if (declared[k]["exercise"]?.GetValue<string>() != exercise.Id)
                {
                    continue;
                }

                var probe = declared[k];
                specs.Add(Spec(exercise.Id, probe["function"]?.GetValue<string>() ?? "", probe["args"]?.ToJsonString() ?? "[]",
                    probe["tolerance"]?.GetValue<double>() ?? 1e-9,
                    [.. (probe["hints"] as JsonArray ?? []).Select(h => h?.GetValue<string>() ?? "")], false,
                    outcomes.GetValueOrDefault(implicitCalls.Count + k), run.Stop));
            }

            if (specs.Count == 0)
            {
                specs.AddRange(implicitCalls.Where(c => c.Exercise == exercise.Id)
                    .Select(c => Spec(exercise.Id, c.Call.Function, "[]", 1e-9, [], true, outcomes.GetValueOrDefault(c.Call.Id), run.Stop)));
            }

            probes[exercise.Id] = specs;
        }

        foreach (var stray in declared.Select(p => p["exercise"]?.GetValue<string>()).Where(id => source.Exercises.All(e => e.Id != id)).Distinct())
        {
            log.WriteLine($"  warning: {source.Name} declares probes for exercise {stray}, which has no heading or answer cell there");
        }

        memory[source.Name] = probes;
        if (run.Stop is null)
        {
            results.WriteText(cacheFile, JsonSerializer.Serialize(probes));
        }

        return probes;
    }

    private static ProbeSpec Spec(string exercise, string function, string args, double tolerance, List<string> hints, bool isImplicit, WorkerMessage? outcome, WorkerStop? stop)
    {
        var shown = new ProbeSpec(exercise, function, args, tolerance, hints, isImplicit, null, null);
        var call = GradingRules.Describe(shown);
        if (outcome is null)
        {
            return shown with { InstructorProblem = $"the instructor's {call} returned nothing{(stop is null ? "" : ": " + stop.Message)}" };
        }

        if (outcome.Status != "ok")
        {
            return shown with { InstructorProblem = $"the instructor's {call} did not return a value ({outcome.Status}: {outcome.Message})" };
        }

        var expected = outcome.Value?.ToJsonString() ?? "null";
        return GradingRules.ContainsNaN(expected)
            ? shown with { InstructorProblem = $"the instructor's result of {call} is NaN, so no answer can match it" }
            : shown with { ExpectedJson = expected };
    }
}
