namespace GradientCourse;

/// <summary>One option of a multiple-choice question: what the learner answers, the option, and what it amounts to.
/// It carries no verdict: the key is checked against a salted hash (<see cref="Exercises.KeyHash"/>).</summary>
/// <param name="Key">What the learner answers, e.g. "A".</param>
/// <param name="Text">The option as stated.</param>
/// <param name="Explanation">What choosing this option would do (shown when it is chosen, and for every option after a pass).</param>
public sealed record QuizChoice(string Key, string Text, string Explanation);
