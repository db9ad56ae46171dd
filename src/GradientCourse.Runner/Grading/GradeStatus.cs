namespace GradientCourse.Runner.Grading;

/// <summary>How one exercise of one submission was graded (the <c>status</c> column of grades.csv).</summary>
public enum GradeStatus
{
    /// <summary>Every hidden test (probe) returned the instructor's result.</summary>
    Passed,

    /// <summary>A probe returned a different result, or the function threw.</summary>
    Failed,

    /// <summary>The answer is still the released stub (NotImplementedException).</summary>
    NotAnswered,

    /// <summary>The answer cell does not compile, or the function the probes call is not defined as one function.</summary>
    Error,

    /// <summary>A call or the whole notebook ran past its time limit.</summary>
    Timeout,

    /// <summary>The notebook ran out of memory (managed heap, native memory or its scratch space).</summary>
    Memory,

    /// <summary>The worker process died (stack overflow, Environment.Exit, a crash).</summary>
    Crashed,

    /// <summary>No notebook, or its answer cell is gone.</summary>
    Missing,

    /// <summary>The submission is not notebook JSON.</summary>
    Malformed,

    /// <summary>The worker's output broke the protocol: forged or duplicated result lines, an over-long line, a flood.</summary>
    ProtocolViolation,

    /// <summary>The instructor's notebook cannot grade this exercise (no probe, or the instructor's own result is NaN or an error).</summary>
    InstructorError,
}

/// <summary>Names of <see cref="GradeStatus"/> as written in grades.csv.</summary>
public static class GradeStatusNames
{
    /// <summary>The kebab-case name, e.g. "not-answered".</summary>
    public static string Name(this GradeStatus status) => status switch
    {
        GradeStatus.Passed => "passed",
        GradeStatus.Failed => "failed",
        GradeStatus.NotAnswered => "not-answered",
        GradeStatus.Error => "error",
        GradeStatus.Timeout => "timeout",
        GradeStatus.Memory => "memory",
        GradeStatus.Crashed => "crashed",
        GradeStatus.Missing => "missing",
        GradeStatus.Malformed => "malformed",
        GradeStatus.ProtocolViolation => "protocol-violation",
        GradeStatus.InstructorError => "instructor-error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status of a name written by <see cref="Name"/>.</summary>
    public static GradeStatus Parse(string name) =>
        Enum.GetValues<GradeStatus>().FirstOrDefault(s => s.Name() == name, GradeStatus.Error);
}
