namespace GradientCourse;

/// <summary>One option of a multiple-choice question, with why it is right or wrong.</summary>
/// <param name="Key">What the learner answers, e.g. "A".</param>
/// <param name="Text">The option as stated.</param>
/// <param name="IsCorrect">True for the right answer (exactly one option is right).</param>
/// <param name="Explanation">Why this option is right or wrong.</param>
public sealed record QuizOption(string Key, string Text, bool IsCorrect, string Explanation);
