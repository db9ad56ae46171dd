using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// Any per-layer quantity of one or more <see cref="Xray.Scan"/> reports, one line per report, layer 1 = input side,
    /// e.g. <c>Charts.XrayByLayer(l =&gt; l.ActivationSpread, "activation spread across examples", (atInit, "at init"), (trained, "after training"))</c>.
    /// Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    /// <param name="selector">The quantity to plot.</param>
    /// <param name="yTitle">The y axis title (name the quantity).</param>
    /// <param name="reports">(report, legend name) pairs.</param>
    /// <param name="logY">Log y axis (default true); non-positive values become gaps.</param>
    public static GenericChart XrayByLayer(Func<XrayLayer, double> selector, string yTitle, IReadOnlyList<(XrayReport Report, string Name)> reports, bool logY = true)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            throw new ArgumentException("Pass at least one (report, name) pair from Xray.Scan.", nameof(reports));
        }

        var traces = reports.Select(r =>
        {
            var values = r.Report.Series(selector);
            return CSharpChart.Line<int, double, string>(
                x: r.Report.Layers.Select(l => l.Layer).ToArray(), y: logY ? ForLogAxis(values) : values, Name: r.Name, ShowMarkers: true);
        });
        return Style(CSharpChart.Combine(traces), $"{yTitle} by layer", "layer (1 = input side → output)", yTitle + (logY ? " (log scale)" : string.Empty), logY: logY);
    }

    /// <summary>
    /// Named curves over a shared x (e.g. depth), one line each, optional log y axis: the small "absolute view" charts
    /// of the notebooks. Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static GenericChart Lines(string title, string xTitle, string yTitle, IReadOnlyList<double> x, IReadOnlyList<(string Name, double[] Y)> series, bool logY = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0 || series.Any(s => s.Y.Length != x.Count))
        {
            throw new ArgumentException($"Pass at least one series, each with {x.Count} values (one per x).", nameof(series));
        }

        var traces = series.Select(s => CSharpChart.Line<double, double, string>(x: x.ToArray(), y: logY ? ForLogAxis(s.Y) : s.Y, Name: s.Name, ShowMarkers: true));
        return Style(CSharpChart.Combine(traces), title, xTitle, yTitle + (logY ? " (log scale)" : string.Empty), logY: logY);
    }

    /// <summary>
    /// A per-layer quantity of the trainer's telemetry over steps, one line per layer (e.g. activation std), optional
    /// log y axis: how each layer's statistics evolve during training (four significant digits). Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static GenericChart LayerStatisticOverSteps(TrainingRun run, Func<LayerTelemetry, double> selector, string yTitle, bool logY = false)
    {
        RequireLayers(run, nameof(run));
        ArgumentNullException.ThrowIfNull(selector);
        var steps = run.Steps.Select(s => (double)s.Step).ToArray();
        var series = run.LayerSeries(selector);
        var traces = new List<GenericChart>();
        for (var l = 0; l < series.Length; l++)
        {
            var values = (logY ? ForLogAxis(series[l]) : series[l]).Select(Round).ToArray();
            traces.Add(CSharpChart.Line<double, double, string>(x: steps, y: values, Name: $"layer {run.Steps[0].Layers[l].Layer}"));
        }

        return Style(CSharpChart.Combine(traces), $"{yTitle} per layer over training: {run.Label}", "step", yTitle + (logY ? " (log scale)" : string.Empty), logY: logY);
    }
}
