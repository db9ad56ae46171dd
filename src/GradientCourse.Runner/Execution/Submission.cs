using System.Reflection;
using Microsoft.CodeAnalysis.Scripting;

namespace GradientCourse.Runner.Execution;

/// <summary>How one script submission ended: timed out, or finished with its state and the exception (unwrapped) it threw, if any.</summary>
internal readonly record struct SubmissionOutcome(bool TimedOut, ScriptState<object>? State, Exception? Exception);

/// <summary>Runs one cell's script submission the way both the runner and the grade worker need it.</summary>
internal static class Submission
{
    /// <summary>
    /// Runs <paramref name="script"/> (continuing <paramref name="previous"/>) on a background thread with a 64 MB stack,
    /// console output routed to <paramref name="outputs"/>, and waits at most <paramref name="timeout"/>. A timed-out
    /// submission cannot be aborted: its thread is a background thread, so it never keeps the process alive.
    /// </summary>
    public static SubmissionOutcome Run(Script<object> script, ScriptState<object>? previous, object globals, CellOutputs outputs, TimeSpan timeout, string threadName)
    {
        var task = new TaskCompletionSource<ScriptState<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            ConsoleRouter.SetCurrent(outputs);
            try
            {
                var run = previous is null
                    ? script.RunAsync(globals, catchException: _ => true)
                    : script.RunFromAsync(previous, catchException: _ => true);
                task.TrySetResult(run.GetAwaiter().GetResult());
            }
#pragma warning disable CA1031 // every failure of user code is reported, never thrown at the caller
            catch (Exception e)
#pragma warning restore CA1031
            {
                task.TrySetException(e);
            }
            finally
            {
                ConsoleRouter.SetCurrent(null);
            }
        }, maxStackSize: 64 * 1024 * 1024)
        {
            IsBackground = true,
            Name = threadName,
        };
        thread.Start();

        if (!task.Task.Wait(timeout))
        {
            return new SubmissionOutcome(true, null, null);
        }

        if (task.Task.IsFaulted)
        {
            return new SubmissionOutcome(false, null, Unwrap(task.Task.Exception!.InnerException!));
        }

        var state = task.Task.Result;
        return new SubmissionOutcome(false, state, state.Exception is null ? null : Unwrap(state.Exception));
    }

    /// <summary>The exception user code threw, without the reflection and task wrappers around it.</summary>
    public static Exception Unwrap(Exception e)
    {
        while (e is TargetInvocationException or AggregateException && e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
