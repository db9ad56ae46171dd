using System.Globalization;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// Overlaid histograms of labelled value sets, counted here into <paramref name="bins"/> equal bins over the fixed x
    /// range [<paramref name="min"/>, <paramref name="max"/>]: one bar per bin, as wide as its bin. The figure carries
    /// <paramref name="bins"/> counts per series however many values there are, so use it for large samples and for
    /// slider frames (<see cref="Sweep"/>), where raw samples would make the page heavy. Bin k holds
    /// min + k·w ≤ v &lt; min + (k+1)·w with w = (max − min)/bins; the last bin also holds max. Values outside the range
    /// (and NaN) are not drawn, and the series' legend entry says how many there were. Introduced in
    /// notebooks/02-activations-and-saturation.ipynb.
    /// </summary>
    /// <param name="series">(label, values) pairs, one histogram each.</param>
    /// <param name="min">Left end of the x axis and of the first bin.</param>
    /// <param name="max">Right end of the x axis and of the last bin.</param>
    /// <param name="bins">Number of equal bins, at least 1.</param>
    /// <param name="xTitle">What the values are (the x axis title).</param>
    /// <param name="title">The chart title; defaults to the per-layer wording of <see cref="ActivationHistograms(IReadOnlyList{ValueTuple{string, IReadOnlyList{double}}}, string, string?, string)"/>.</param>
    /// <param name="yTitle">What is counted (the y axis title).</param>
    /// <exception cref="ArgumentException">No series, an empty or infinite range, or fewer than one bin.</exception>
    public static GenericChart BinnedHistograms(
        IReadOnlyList<(string Label, IReadOnlyList<double> Values)> series,
        double min,
        double max,
        int bins,
        string xTitle = "activation value",
        string? title = null,
        string yTitle = "count (examples × units)")
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("Pass at least one (label, values) series.", nameof(series));
        }

        if (!(min < max) || !double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"The x range [{min}, {max}] is empty; pass finite min < max, e.g. −10 and 10.", nameof(max));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);

        var width = (max - min) / bins;
        var centers = new double[bins];
        for (var k = 0; k < bins; k++)
        {
            centers[k] = Short((BinEdge(min, max, bins, k) + BinEdge(min, max, bins, k + 1)) / 2);
        }

        var traces = new List<GenericChart>();
        foreach (var (label, values) in series)
        {
            ArgumentNullException.ThrowIfNull(values, nameof(series));
            var counts = BinCounts(values, min, max, bins, out var outside);
            var name = outside == 0 ? label : $"{label} ({outside.ToString(CultureInfo.InvariantCulture)} outside the x range)";
            // No bar outlines: adjacent bins touch, as in a histogram.
            var outline = new Line();
            outline.SetProperty("width", 0);
            var trace = CSharpChart.Column<int, double, string>(values: counts, Keys: centers, Name: name, Opacity: 0.55, MarkerOutline: outline);
            foreach (var t in GenericChart.getTraces(trace))
            {
                t.SetProperty("width", Short(width));
            }

            traces.Add(trace);
        }

        var layout = new Layout();
        layout.SetProperty("barmode", "overlay");
        layout.SetProperty("bargap", 0);
        var axis = new LinearAxis();
        axis.SetProperty("range", new[] { min, max });
        axis.SetProperty("autorange", false);
        var chart = Plotly.NET.Chart.withLayout(layout).Invoke(CSharpChart.Combine(traces));
        chart = Plotly.NET.Chart.withXAxis(axis, null).Invoke(chart);
        return Style(chart, title ?? $"Distribution per layer: {xTitle}", xTitle, yTitle);
    }

    /// <summary>How many of <paramref name="values"/> fall in each of <paramref name="bins"/> equal bins over [min, max] (see <see cref="BinnedHistograms"/>).</summary>
    internal static int[] BinCounts(IReadOnlyList<double> values, double min, double max, int bins, out int outside)
    {
        var counts = new int[bins];
        outside = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (!(v >= min && v <= max))
            {
                outside++;
                continue;
            }

            // The arithmetic guess, then moved to the bin whose edges (as BinEdge computes them) hold v.
            var k = Math.Clamp((int)Math.Floor((v - min) / (max - min) * bins), 0, bins - 1);
            while (k > 0 && v < BinEdge(min, max, bins, k))
            {
                k--;
            }

            while (k < bins - 1 && v >= BinEdge(min, max, bins, k + 1))
            {
                k++;
            }

            counts[k]++;
        }

        return counts;
    }

    /// <summary>Edge k of bins equal bins over [min, max] (edge 0 = min, edge bins = max).</summary>
    internal static double BinEdge(double min, double max, int bins, int k) => k == bins ? max : min + ((max - min) * k / bins);

    /// <summary>A bar position or width to 12 significant digits: the same bar, without binary noise in the JSON (0.0025, not 0.0025000000000000005).</summary>
    private static double Short(double value) => double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
