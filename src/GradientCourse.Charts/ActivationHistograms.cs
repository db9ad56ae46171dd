using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// One overlaid histogram per hidden layer of <paramref name="model"/>'s last forward pass: outputs a, pre-activations h,
    /// or derivatives f'(h). Introduced in notebooks/02-activations-and-saturation.ipynb.
    /// </summary>
    /// <exception cref="ArgumentException">The model has no activation layers or has not run a forward pass.</exception>
    public static GenericChart ActivationHistograms(Mlp model, HistogramQuantity quantity = HistogramQuantity.Output)
    {
        ArgumentNullException.ThrowIfNull(model);
        var series = new List<(string Label, IReadOnlyList<double> Values)>();
        foreach (var block in model.Blocks)
        {
            if (block.Activation is not { } layer)
            {
                continue;
            }

            if (layer.Input is not { } h || layer.Output is not { } a)
            {
                throw new ArgumentException($"Layer {block.Index} has not run yet; call model.Forward(x) before plotting its activations.", nameof(model));
            }

            var values = quantity switch
            {
                HistogramQuantity.PreActivation => h.Data,
                HistogramQuantity.Derivative => Derivatives(layer.Activation, h),
                _ => a.Data,
            };
            series.Add(($"layer {block.Index} ({layer.Activation.Name})", values));
        }

        if (series.Count == 0)
        {
            throw new ArgumentException("The model has no activation layers to plot.", nameof(model));
        }

        var xTitle = quantity switch
        {
            HistogramQuantity.PreActivation => "pre-activation h",
            HistogramQuantity.Derivative => "local derivative f'(h)",
            _ => "activation a = f(h)",
        };
        return ActivationHistograms(series, xTitle);
    }

    /// <summary>
    /// Overlaid histograms of labelled value sets (e.g. each layer's activations), counts on the y axis; title and y
    /// title default to the per-layer wording, pass them for other value sets (e.g. weights).
    /// </summary>
    public static GenericChart ActivationHistograms(
        IReadOnlyList<(string Label, IReadOnlyList<double> Values)> series, string xTitle = "activation value", string? title = null, string yTitle = "count (examples × units)")
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("Pass at least one (label, values) series.", nameof(series));
        }

        var traces = new List<GenericChart>();
        foreach (var (label, values) in series)
        {
            traces.Add(CSharpChart.Histogram<double, double, string>(X: values.ToArray(), Name: label, Opacity: 0.55));
        }

        var layout = new Layout();
        layout.SetProperty("barmode", "overlay");
        var chart = Plotly.NET.Chart.withLayout(layout).Invoke(CSharpChart.Combine(traces));
        return Style(chart, title ?? $"Distribution per layer: {xTitle}", xTitle, yTitle);
    }

    private static double[] Derivatives(Activation activation, Matrix h)
    {
        var d = new double[h.Length];
        activation.Derivative(h.Data, d);
        return d;
    }
}
