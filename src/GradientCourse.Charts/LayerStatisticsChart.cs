using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// Std of each layer's activations a = f(h), one line per report (log y axis, layer 1 = input side).
    /// Introduced in notebooks/05-initialization.ipynb.
    /// </summary>
    public static GenericChart ActivationStdByLayer(params LayerStatisticsReport[] reports) =>
        LayerStatisticLines(reports, l => l.ActivationStd, "Activation std by layer at initialization", "std of activations a (log scale)");

    /// <summary>
    /// Std of the back-propagated gradient dL/dh at each layer, one line per report (log y axis, layer 1 = input side).
    /// Introduced in notebooks/05-initialization.ipynb.
    /// </summary>
    public static GenericChart GradientStdByLayer(params LayerStatisticsReport[] reports) =>
        LayerStatisticLines(reports, l => l.GradientStd, "Back-propagated gradient std by layer at initialization", "std of dL/dh (log scale)");

    /// <summary>Mean and std of each layer's activations of one report (linear y axis), with guides at 0 and 1: the self-normalizing picture of SELU.</summary>
    public static GenericChart ActivationMeanStdByLayer(LayerStatisticsReport report)
    {
        RequireReports([report], nameof(report));
        var layers = report.Series(l => l.Layer);
        var traces = new List<GenericChart>
        {
            CSharpChart.Line<double, double, string>(x: layers, y: report.Series(l => l.ActivationMean), Name: "mean of a", ShowMarkers: true),
            CSharpChart.Line<double, double, string>(x: layers, y: report.Series(l => l.ActivationStd), Name: "std of a", ShowMarkers: true),
            Guide("0 and 1: the fixed point", layers[0], layers[^1], 0.0),
            Guide("1", layers[0], layers[^1], 1.0),
        };
        return Style(CSharpChart.Combine(traces), $"Activation mean and std by layer: {report.Label}", "layer (1 = input side → output)", "activation mean / std");
    }

    private static GenericChart LayerStatisticLines(LayerStatisticsReport[] reports, Func<LayerStatistic, double> selector, string title, string yTitle)
    {
        RequireReports(reports, nameof(reports));
        var traces = reports.Select(r =>
            CSharpChart.Line<double, double, string>(x: r.Series(l => l.Layer), y: ForLogAxis(r.Series(selector)), Name: r.Label, ShowMarkers: true));
        return Style(CSharpChart.Combine(traces), title, "layer (1 = input side → output)", yTitle, logY: true);
    }

    private static void RequireReports(LayerStatisticsReport[] reports, string argumentName)
    {
        ArgumentNullException.ThrowIfNull(reports, argumentName);
        if (reports.Length == 0 || reports.Any(r => r is null || r.Layers.Count == 0))
        {
            throw new ArgumentException("Pass at least one LayerStatisticsReport with at least one layer (from LayerStatistics.Measure).", argumentName);
        }
    }
}
