using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// The chain rule's product of n local derivatives, factor^n for n = 1..maxDepth, on a log y axis; defaults to 0.25^n
    /// (sigmoid's best case) against 1^n, and marks 0.25^5 ≈ 0.00098. Introduced in notebooks/02-activations-and-saturation.ipynb.
    /// </summary>
    public static GenericChart DerivativeProductByDepth(int maxDepth, params (string Label, double Factor)[] factors)
    {
        if (maxDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "maxDepth must be at least 1 (20 shows the trend well).");
        }

        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Length == 0)
        {
            factors = [("sigmoid' ≤ 0.25: 0.25ⁿ", 0.25), ("tanh', relu' ≤ 1: 1ⁿ", 1.0)];
        }

        var depth = new double[maxDepth];
        for (var n = 1; n <= maxDepth; n++)
        {
            depth[n - 1] = n;
        }

        var traces = new List<GenericChart>();
        foreach (var (label, factor) in factors)
        {
            if (!(factor >= 0) || !double.IsFinite(factor))
            {
                throw new ArgumentException($"The factor of '{label}' is {factor}; pass a finite factor ≥ 0 (a derivative's size).", nameof(factors));
            }

            var product = new double[maxDepth];
            for (var n = 1; n <= maxDepth; n++)
            {
                product[n - 1] = Math.Pow(factor, n);
            }

            traces.Add(CSharpChart.Line<double, double, string>(x: depth, y: ForLogAxis(product), Name: label, ShowMarkers: true));
        }

        var chart = Style(
            CSharpChart.Combine(traces),
            "Product of n derivative factors through depth: factorⁿ",
            "depth n (layers the gradient passes through)",
            "factorⁿ (log scale)",
            logY: true);
        if (maxDepth >= 5 && factors.Any(f => f.Factor == 0.25))
        {
            var value = Math.Pow(0.25, 5);
            chart = Annotate(chart, 5, Math.Log10(value), $"0.25⁵ ≈ {value.ToString("G2", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return chart;
    }
}
