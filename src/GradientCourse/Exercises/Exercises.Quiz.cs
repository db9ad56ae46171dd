using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GradientCourse;

public static partial class Exercises
{
    /// <summary>
    /// The salted hash of a quiz key: what an instructor writes into a check cell instead of the key itself.
    /// The salt is the exercise id, so equal letters of two exercises hash differently; keys are compared
    /// trimmed and case-insensitively. (With a handful of options anyone can try them all: the hash keeps the
    /// key out of the text of the student copy, the grader's hidden test is what counts.)
    /// </summary>
    /// <param name="id">Exercise id, "NN.k".</param>
    /// <param name="answer">The right key, e.g. "C".</param>
    public static string KeyHash(string id, string answer)
    {
        RequireId(id);
        ArgumentNullException.ThrowIfNull(answer);
        var text = $"GradientCourse quiz|{id}|{answer.Trim().ToUpperInvariant()}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    /// <summary>
    /// A multiple-choice question whose key is given only as <paramref name="keyHash"/> (from <see cref="KeyHash"/>):
    /// a wrong choice prints what that option would amount to; a right one prints every option's explanation.
    /// </summary>
    /// <param name="id">Exercise id, "NN.k".</param>
    /// <param name="answer">The learner's function returning a key.</param>
    /// <param name="options">The options (text and explanation, no verdict).</param>
    /// <param name="keyHash">The salted hash of the right key.</param>
    /// <param name="hint">What to reread when the choice is not right.</param>
    public static CheckResult Quiz(string id, Func<string> answer, IReadOnlyList<QuizChoice> options, string keyHash, string hint)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyHash);
        RequireId(id);
        if (options.Count(o => string.Equals(KeyHash(id, o.Key), keyHash, StringComparison.Ordinal)) != 1)
        {
            throw new ArgumentException($"keyHash matches {options.Count(o => KeyHash(id, o.Key) == keyHash)} of the options of {id}; it must match exactly one (compute it with Exercises.KeyHash(\"{id}\", key)).", nameof(keyHash));
        }

        return Run(id, hint, () =>
        {
            var key = answer()?.Trim() ?? string.Empty;
            var chosen = options.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return Fail(id, $"\"{key}\" is not one of the options {string.Join(", ", options.Select(o => o.Key))}.", hint);
            }

            if (!string.Equals(KeyHash(id, chosen.Key), keyHash, StringComparison.Ordinal))
            {
                return Fail(id, $"{chosen.Key} ({chosen.Text}) is not the best answer: {chosen.Explanation}", hint);
            }

            var all = string.Join(Environment.NewLine, options.Select(o => string.Create(CultureInfo.InvariantCulture, $"  {o.Key}. {o.Text} — {o.Explanation}")));
            return new CheckResult(id, true, $"{chosen.Key} is right.{Environment.NewLine}{all}", null);
        });
    }
}
