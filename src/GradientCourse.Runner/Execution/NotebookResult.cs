namespace GradientCourse.Runner.Execution;

/// <summary>How one notebook ran.</summary>
public sealed record NotebookResult(
    string Name,
    string Title,
    bool Passed,
    int CodeCells,
    int CellsRun,
    TimeSpan Elapsed,
    CellTiming? Slowest,
    string? Failure)
{
    /// <summary>Every code cell that ran, with its time.</summary>
    public IReadOnlyList<CellTiming> Timings { get; init; } = [];

    /// <summary>"passed" or "FAILED".</summary>
    public string Status => Passed ? "passed" : "FAILED";
}

/// <summary>The run time of one code cell.</summary>
public sealed record CellTiming(int Number, string Label, TimeSpan Elapsed);
