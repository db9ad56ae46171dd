using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// The gradient map as a heatmap: rows = activation · initializer, columns = depth L, color = log10(‖dW₁‖ / ‖dW_L‖)
    /// on a diverging red–blue scale centred at 0 (blue: the first layer's gradient vanishes; red: it explodes), each cell labelled.
    /// Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static GenericChart GradientMap(GradientMapResult map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var z = map.Rows.Select(r => r.Log10Ratio.ToArray()).ToArray();
        var labels = map.Rows.Select(r => r.Label).ToArray();
        var title = new Title();
        title.SetProperty("text", "log10(‖dW₁‖/‖dW_L‖)");
        var colorBar = new ColorBar();
        colorBar.SetProperty("title", title);
        var heatmap = CSharpChart.Heatmap<double, int, string, string>(zData: z, X: map.Depths.ToArray(), Y: labels, Name: "log10 ratio", ColorBar: colorBar);
        heatmap = GenericChart.mapTrace(Microsoft.FSharp.Core.FuncConvert.FromFunc<Trace, Trace>(trace =>
        {
            trace.SetProperty("colorscale", "RdBu");
            trace.SetProperty("zmid", 0.0);
            trace.SetProperty("texttemplate", "%{z:.1f}");
            return trace;
        }), heatmap);
        var chart = Style(
            heatmap,
            $"Gradient map at initialization: log10 of first-layer / last-layer gradient norm (width {map.Width}, {map.SeedCount} seeds)",
            "depth L (Dense layers)",
            "activation · initializer");
        var rowAxis = new LinearAxis();
        rowAxis.SetProperty("type", "category"); // row labels are text; Style sets every axis linear
        chart = Plotly.NET.Chart.withYAxis(rowAxis, null).Invoke(chart);
        return Plotly.NET.CSharp.GenericChartExtensions.WithSize(chart, Width: 900, Height: 160 + (60 * map.Rows.Count));
    }

    /// <summary>
    /// The measured ratio ‖dW₁‖ / ‖dW_L‖ against depth for every initializer row of <paramref name="activation"/> (log y
    /// axis), with the derivative bound (max f')^(L − 1) dashed — 0.25^(L − 1) for the sigmoid. The bound limits the product
    /// of activation derivatives only; the measured ratio also carries the weights' and inputs' factors.
    /// </summary>
    /// <exception cref="ArgumentException">The map has no row for the activation, or its derivative has no known maximum.</exception>
    public static GenericChart GradientMapVersusBound(GradientMapResult map, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(activation);
        var rows = map.Rows.Where(r => r.Activation == activation.Name).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException($"The map has no rows for {activation.Name}; compute it with that activation.", nameof(activation));
        }

        var depths = map.Depths.Select(d => (double)d).ToArray();
        var traces = new List<GenericChart>();
        foreach (var row in rows)
        {
            var ratio = row.Log10Ratio.Select(v => Math.Pow(10, v)).ToArray();
            traces.Add(CSharpChart.Line<double, double, string>(x: depths, y: ForLogAxis(ratio), Name: $"measured, {row.Initializer}", ShowMarkers: true));
        }

        var bound = map.Depths.Select(d => global::GradientCourse.GradientMap.DerivativeBound(activation, d)).ToArray();
        traces.Add(CSharpChart.Line<double, double, string>(
            x: depths,
            y: ForLogAxis(bound),
            Name: $"bound {activation.MaxDerivative!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}^(L−1)",
            LineDash: StyleParam.DrawingStyle.Dash,
            LineColor: Color.fromString("black")));
        return Style(
            CSharpChart.Combine(traces),
            $"{activation.Name}: first-to-last gradient ratio vs the derivative bound",
            "depth L (Dense layers)",
            "‖dW₁‖ / ‖dW_L‖ (log scale)",
            logY: true);
    }
}
