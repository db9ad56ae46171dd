using System.Globalization;
using System.Text;

namespace GradientCourse;

/// <summary>
/// The result of a <see cref="GradientCheck"/>: one entry per tensor, printed as a table
/// "parameter | exact | approx | maxdiff | rel. error" (exact and approx columns show ‖gradient‖₂).
/// </summary>
/// <param name="Entries">One entry per parameter tensor in order, then one for the input x.</param>
/// <param name="Loss">The loss at the unperturbed point.</param>
/// <param name="Epsilon">The finite-difference step ε.</param>
public sealed record GradientCheckReport(IReadOnlyList<GradientCheckEntry> Entries, double Loss, double Epsilon)
{
    /// <summary>The largest element relative error over every entry.</summary>
    public double MaxRelativeError => Entries.Select(e => e.MaxRelativeError).DefaultIfEmpty(0).Max();

    /// <summary>The largest absolute difference over every entry.</summary>
    public double MaxAbsDifference => Entries.Select(e => e.MaxAbsDifference).DefaultIfEmpty(0).Max();

    /// <summary>True when <see cref="MaxRelativeError"/> is below <paramref name="tolerance"/> (1e-6 suits float64 with ε = 1e-6).</summary>
    public bool Passes(double tolerance = 1e-6) => MaxRelativeError < tolerance;

    /// <summary>
    /// One sentence per failing element (relative error ≥ <paramref name="tolerance"/>) whose finite-difference step
    /// crossed the kink of an activation: finite differences are not valid there, so the failure says nothing about
    /// backprop. Empty when no failure is explained by a kink.
    /// </summary>
    public IReadOnlyList<string> KinkExplanations(double tolerance = 1e-6)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        foreach (var e in Entries)
        {
            foreach (var (element, kink) in e.Kinks.OrderBy(k => k.Key))
            {
                var error = GradientCheckEntry.RelativeError(e.Exact[element], e.Approximate[element], e.Floor);
                if (error >= tolerance)
                {
                    lines.Add(string.Create(
                        c,
                        $"entry {e.ParameterName}[{element}] differs (rel. error {error:0.00e+00}) because an input of layer {kink.Layer} " +
                        $"('{kink.LayerName}', example {kink.Row}, unit {kink.Column}) is {kink.Distance:0.0e+00} from {kink.Activation}'s kink at 0, " +
                        $"within reach of the step ε = {Epsilon:G3}; finite differences are not valid there — use another seed or a smaller ε."));
                }
            }
        }

        return lines;
    }

    /// <summary>The table, one line per tensor, then the overall maximum, then any failures explained by a kink (at most five).</summary>
    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var width = Math.Max("parameter".Length, Entries.Select(e => e.ParameterName.Length).DefaultIfEmpty(0).Max());
        var sb = new StringBuilder();
        sb.Append(c, $"{"parameter".PadRight(width)} | {"exact",12} | {"approx",12} | {"maxdiff",9} | {"rel. error",10}").AppendLine();
        sb.Append('-', width + 56).AppendLine();
        foreach (var e in Entries)
        {
            sb.Append(c, $"{e.ParameterName.PadRight(width)} | {e.ExactNorm,12:0.00000e+00} | {e.ApproximateNorm,12:0.00000e+00} | {e.MaxAbsDifference,9:0.00e+00} | {e.MaxRelativeError,10:0.00e+00}").AppendLine();
        }

        var floor = Entries.Count > 0 ? Entries[0].Floor : 0;
        sb.Append(c, $"max relative error {MaxRelativeError:0.00e+00} (ε = {Epsilon:G3}, loss = {Loss:G6}, floor τ = {floor:G3}); exact and approx are ‖gradient‖₂.");
        var kinks = KinkExplanations();
        foreach (var line in kinks.Take(5))
        {
            sb.AppendLine().Append(line);
        }

        if (kinks.Count > 5)
        {
            sb.AppendLine().Append(c, $"… and {kinks.Count - 5} more at a kink.");
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}
