namespace GradientCourse.Runner.Execution;

/// <summary>Why a notebook failed, for the summary and for the worker's parent.</summary>
public enum FailureKind
{
    /// <summary>It did not fail.</summary>
    None,

    /// <summary>A cell failed: compile error, exception, refused magic or package.</summary>
    Error,

    /// <summary>A cell exceeded the timeout.</summary>
    Timeout,

    /// <summary>A cell ran out of memory.</summary>
    OutOfMemory,

    /// <summary>The worker process ended unexpectedly (Environment.Exit, stack overflow, a crash).</summary>
    Crash,

    /// <summary>The notebook could not be read (not UTF-8, not JSON, not nbformat 4, not C#).</summary>
    Unreadable,

    /// <summary>The notebook was not run in this build (<c>build --only</c>): shown from an earlier build if any.</summary>
    NotRun,
}

/// <summary>How one notebook ran.</summary>
/// <param name="Name">File name without extension.</param>
/// <param name="Title">The first heading.</param>
/// <param name="Passed">True when every code cell ran without error.</param>
/// <param name="CodeCells">Number of code cells.</param>
/// <param name="CellsRun">Code cells that ran (got an execution count).</param>
/// <param name="Elapsed">Wall time, including the worker's start.</param>
/// <param name="Slowest">The slowest cell, if any ran.</param>
/// <param name="Failure">Why it failed, naming the cell.</param>
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

    /// <summary>The class of failure (<see cref="FailureKind.None"/> when passed).</summary>
    public FailureKind FailureKind { get; init; }

    /// <summary>"passed", "FAILED" or "not run".</summary>
    public string Status => FailureKind == FailureKind.NotRun ? "not run" : Passed ? "passed" : "FAILED";
}

/// <summary>The run time of one code cell.</summary>
/// <param name="Number">1-based cell number.</param>
/// <param name="Label">How messages name the cell.</param>
/// <param name="Elapsed">Compile and run time.</param>
public sealed record CellTiming(int Number, string Label, TimeSpan Elapsed);
