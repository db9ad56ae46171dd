using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp;
using GradientCourse.Runner.Execution;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// The worker's side of probes: after the notebook's cells, calls the functions the grader names with the grader's
/// JSON arguments, through the library's <c>ProbeJson.Invoke</c> (which converts the arguments to the parameter types
/// and the result to JSON), and reports the returned data. In record mode (trusted, the instructor's notebook) it first
/// collects the probes the hidden cells declared and answers those calls too. It compares nothing.
/// </summary>
internal static class ProbeCalls
{
    /// <summary>Answers the job's calls; false when a call timed out (the worker then ends, and the grader restarts it
    /// for the remaining calls, so that a runaway thread cannot slow them down).</summary>
    public static bool Answer(WorkerJob job, ScriptSession session, Action<WorkerMessage> send)
    {
        var calls = job.Calls.ToList();
        if (job.Mode == WorkerMode.Record)
        {
            var (status, value, message) = Evaluate(session, "global::GradientCourse.Exercises.TakeRecordedProbes()");
            JsonArray probes = [];
            if (status == "ok" && value is not null && JsonNode.Parse(value) is JsonArray declared)
            {
                probes = declared;
            }

            send(new WorkerMessage("probes", 0, null, status, message, probes.DeepClone()));
            foreach (var probe in probes.OfType<JsonObject>())
            {
                calls.Add(new ProbeCall(calls.Count, probe["function"]?.GetValue<string>() ?? "", probe["args"]?.ToJsonString() ?? "[]"));
            }
        }

        foreach (var call in calls)
        {
            if (!SyntaxFacts.IsValidIdentifier(call.Function))
            {
                send(new WorkerMessage("call", call.Id, null, "undefined", $"'{call.Function}' is not a function name", null));
                continue;
            }

            var code = "global::GradientCourse.ProbeJson.Invoke((global::System.Delegate)" + call.Function + ", "
                + SymbolDisplay.FormatLiteral(call.ArgumentsJson, quote: true) + ")";
            var (status, value, message) = Evaluate(session, code);
            switch (status)
            {
                case "ok":
                    JsonObject? outcome;
                    try
                    {
                        outcome = value is null ? null : JsonNode.Parse(value) as JsonObject;
                    }
                    catch (JsonException)
                    {
                        outcome = null;
                    }

                    if (outcome is null)
                    {
                        send(new WorkerMessage("call", call.Id, null, "error", "the call returned no result", null));
                        break;
                    }

                    send(new WorkerMessage("call", call.Id, null, outcome["status"]?.GetValue<string>() ?? "error",
                        outcome["message"]?.GetValue<string>(), outcome["value"]?.DeepClone()));
                    break;
                case "timeout":
                    send(new WorkerMessage("call", call.Id, null, "timeout", message, null));
                    return false;
                default:
                    send(new WorkerMessage("call", call.Id, null, status, message, null));
                    break;
            }
        }

        return true;
    }

    /// <summary>Runs <paramref name="code"/> as the next submission (after the notebook's last good state) with the
    /// cell time limit; the value is the string it returns.</summary>
    private static (string Status, string? Value, string? Message) Evaluate(ScriptSession session, string code)
    {
        var run = session.Execute("grade call", code);
        return run.Status switch
        {
            CellRunStatus.Completed => ("ok", run.ReturnValue as string, null),
            CellRunStatus.CompileError when run.Errors.Count > 0 => ("undefined", null, $"error {run.Errors[0].Id}: {run.Errors[0].GetMessage(CultureInfo.InvariantCulture)}"),
            CellRunStatus.CompileError => ("undefined", null, run.Message),
            CellRunStatus.TimedOut => ("timeout", null, $"still running after {session.Settings.CellTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (an endless loop?)"),
            CellRunStatus.OutOfMemory => ("memory", null, run.Message),
            _ => (run.Exception is InsufficientExecutionStackException ? "memory" : "error", null, run.Message),
        };
    }
}
