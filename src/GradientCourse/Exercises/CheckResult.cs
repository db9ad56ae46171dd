namespace GradientCourse;

/// <summary>The verdict of one exercise check: passed, or what is wrong and a hint.</summary>
/// <param name="ExerciseId">The exercise's stable id, e.g. "03.2".</param>
/// <param name="Passed">True when the answer is right.</param>
/// <param name="Message">What was checked and what was found.</param>
/// <param name="Hint">What to look at next when the answer is not right yet (null on a pass).</param>
public sealed record CheckResult(string ExerciseId, bool Passed, string Message, string? Hint)
{
    /// <summary>True when the answer still throws <see cref="NotImplementedException"/> (the released stub):
    /// the exercise has not been attempted yet. Always false on a pass.</summary>
    public bool NotAnswered { get; init; }

    /// <summary>The verdict as the learner sees it.</summary>
    public override string ToString() =>
        Passed
            ? $"✔ Exercise {ExerciseId} passed: {Message}"
            : $"✘ Exercise {ExerciseId} not yet: {Message}" + (Hint is null ? string.Empty : $"{Environment.NewLine}  Hint: {Hint}");
}
