using System.Diagnostics;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Execution;

/// <summary>What a notebook run reports while it goes (the worker streams these to the parent process).</summary>
internal interface INotebookObserver
{
    /// <summary>A code cell with code starts.</summary>
    void CellStarted(NotebookCell cell);

    /// <summary>A code cell ended (its outputs and execution count are set).</summary>
    void CellFinished(NotebookCell cell, CellRun run);
}

/// <summary>Runs a notebook's code cells in order in one <see cref="ScriptSession"/> (in this process: the build runs
/// it inside a <c>notebook-worker</c> process, see <see cref="NotebookProcess"/>). The first failing cell (compile
/// error, exception, timeout, unsupported magic, unpinned package) gets an error output and stops the notebook.</summary>
internal sealed class NotebookExecutor(PackagePins pins, TimeSpan cellTimeout, OutputLimits? limits = null)
{
    /// <summary>The longest a cell may run.</summary>
    public TimeSpan CellTimeout { get; } = cellTimeout;

    /// <summary>Runs every code cell of <paramref name="notebook"/>, recording outputs on its cells; relative paths
    /// resolve from <paramref name="baseDirectory"/> (default: the notebook's folder).</summary>
    public NotebookResult Execute(Notebook notebook, INotebookObserver? observer = null, string? baseDirectory = null)
    {
        var settings = new ScriptSessionOptions(baseDirectory ?? Path.GetDirectoryName(notebook.Path)!, pins)
        {
            CellTimeout = CellTimeout,
            OutputLimits = limits ?? OutputLimits.Default,
            NotebookName = notebook.Name,
        };
        var codeCells = notebook.Cells.Count(c => c.Kind == CellKind.Code);
        var executionCount = 0;
        var cellsRun = 0;
        var watch = Stopwatch.StartNew();
        var timings = new List<CellTiming>();
        string? failure = null;
        var failureKind = FailureKind.None;

        using (var session = new ScriptSession(settings))
        {
            foreach (var cell in notebook.Cells.Where(c => c.Kind == CellKind.Code))
            {
                cell.Outputs.Clear();
                cell.ExecutionCount = null;
                var hasCode = !string.IsNullOrWhiteSpace(cell.Source);
                if (hasCode)
                {
                    observer?.CellStarted(cell);
                }
                var run = session.Run(cell.Label, cell.Source, cell.Id ?? $"cell-{cell.Number}", executionCount + 1);
                if (run.Ran)
                {
                    cell.ExecutionCount = ++executionCount;
                    cellsRun++;
                }
                cell.Outputs.AddRange(run.Outputs);
                if (run.Status is not CellRunStatus.Empty and not CellRunStatus.Rejected)
                {
                    timings.Add(new CellTiming(cell.Number, cell.Label, run.Elapsed));
                }
                if (hasCode)
                {
                    observer?.CellFinished(cell, run);
                }
                if (!run.Succeeded)
                {
                    failure = run.Message;
                    failureKind = run.Status switch
                    {
                        CellRunStatus.TimedOut => FailureKind.Timeout,
                        CellRunStatus.OutOfMemory => FailureKind.OutOfMemory,
                        _ => FailureKind.Error,
                    };
                    break;
                }
            }
        }
        watch.Stop();
        return new NotebookResult(notebook.Name, notebook.Title, failure is null, codeCells, cellsRun, watch.Elapsed,
            timings.MaxBy(t => t.Elapsed), failure)
        {
            Timings = timings,
            FailureKind = failureKind,
        };
    }
}
