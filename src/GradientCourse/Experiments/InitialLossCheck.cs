using System.Globalization;

namespace GradientCourse;

/// <summary>
/// The loss of an untrained network against the loss of an output of 0 everywhere (uniform probabilities for the
/// classification losses): the first check of a training run. An untrained net should be unsure, not confidently
/// wrong, so its loss should be close to that baseline; far above means its output scale is too large. From
/// <see cref="Xray.CheckInitialLoss"/>.
/// </summary>
/// <param name="Loss">The loss's name, e.g. "mse".</param>
/// <param name="Measured">The loss of the network as initialised, on the given data (training-mode forward pass).</param>
/// <param name="Expected">The loss of an output of 0 everywhere: mean of y² for MSE, ln K for softmax cross-entropy with K classes, ln 2 for binary cross-entropy on logits.</param>
/// <param name="Baseline">What <paramref name="Expected"/> is, in words.</param>
public sealed record InitialLossCheck(string Loss, double Measured, double Expected, string Baseline)
{
    /// <summary>
    /// True when the untrained output is mostly a constant offset from the targets (its distance from the targets' mean
    /// exceeds its spread across examples), false when it mostly varies from example to example.
    /// </summary>
    public bool OffsetDominates { get; init; }

    /// <summary>How many times above the baseline the net starts (NaN when the baseline is 0).</summary>
    public double Ratio => Expected > 0 ? Measured / Expected : double.NaN;

    /// <summary>True when the net starts no worse than twice the baseline (an unsure start), false when it starts confidently wrong (or with a NaN).</summary>
    public bool Plausible => Expected > 0 ? Ratio <= 2 : Measured <= 1e-12;

    /// <summary>One line: measured, expected and what it means.</summary>
    public override string ToString()
    {
        var verdict = !(Ratio <= 10)
            ? "far above: the untrained net is confidently wrong — its output scale is too large (initial weights too large, or a last layer that amplifies)"
            : !Plausible
                ? OffsetDominates
                    ? "above: the untrained output sits off the targets by about the same amount for every input, so the first steps go into moving it (mostly through the output bias)"
                    : "above: the untrained output already varies about as much as the targets, so the first steps go into shrinking it (scaling the last layer's initial weights down, e.g. by 0.1, avoids that)"
                : Ratio < 0.5
                    ? "well below: the net starts near the targets already — fine if intended, otherwise check that x does not contain y"
                    : "as expected: the untrained net is unsure, not confidently wrong";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"loss at initialization {Measured:G4}; {Baseline} gives {Expected:G4}; ratio {Ratio:G3} — {verdict}");
    }
}
