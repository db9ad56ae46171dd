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

    /// <summary>The table, one line per tensor, then the overall maximum.</summary>
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
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}
