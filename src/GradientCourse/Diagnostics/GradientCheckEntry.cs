namespace GradientCourse;

/// <summary>
/// Backprop vs finite differences for one tensor (a parameter, or the input x).
/// The relative error of one element is |a − b| / max(|a| + |b|, <paramref name="Floor"/>): symmetric, at most 1
/// (opposite signs), 0 when both agree exactly. The floor τ (see <see cref="GradientCheck.RelativeErrorFloor"/>)
/// reflects the round-off noise of finite differences: gradients larger than τ are compared relatively, smaller ones
/// (including gradients that are exactly zero, like a bias feeding batch norm) by |a − b| / τ.
/// </summary>
/// <param name="ParameterName">The parameter's name, e.g. "dense1.W", or "x (input)".</param>
/// <param name="Exact">The gradient from backprop, element by element (row-major).</param>
/// <param name="Approximate">Central differences (L(w + ε) − L(w − ε)) / 2ε, element by element.</param>
/// <param name="Floor">τ, the smallest denominator of the relative error.</param>
public sealed record GradientCheckEntry(string ParameterName, double[] Exact, double[] Approximate, double Floor)
{
    /// <summary>
    /// The elements whose ±ε step moved an input of a kinked activation across 0 (keyed by element index); there the
    /// finite difference is not a valid reference. Empty when no step crossed a kink.
    /// </summary>
    public IReadOnlyDictionary<int, GradientCheckKink> Kinks { get; init; } = new Dictionary<int, GradientCheckKink>();

    /// <summary>max_i |exact_i − approx_i| (karpathy's "maxdiff").</summary>
    public double MaxAbsDifference => Exact.Zip(Approximate, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();

    /// <summary>max_i |exact_i − approx_i| / max(|exact_i| + |approx_i|, τ).</summary>
    public double MaxRelativeError => Exact.Zip(Approximate, (a, b) => RelativeError(a, b, Floor)).DefaultIfEmpty(0).Max();

    /// <summary>‖exact‖₂, the size of the backprop gradient.</summary>
    public double ExactNorm => Math.Sqrt(Exact.Sum(v => v * v));

    /// <summary>‖approx‖₂, the size of the numerical gradient.</summary>
    public double ApproximateNorm => Math.Sqrt(Approximate.Sum(v => v * v));

    /// <summary>|a − b| / max(|a| + |b|, floor): below 1e-7 is excellent, above 1e-3 is a bug.</summary>
    public static double RelativeError(double exact, double approximate, double floor) =>
        exact == approximate ? 0.0 : Math.Abs(exact - approximate) / Math.Max(Math.Abs(exact) + Math.Abs(approximate), floor);
}
