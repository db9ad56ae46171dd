using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// Weight-gradient norm per layer at each run's first step (the network at initialization), one line per run,
    /// log y axis, layer 1 = input side. Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static GenericChart GradientNormByLayer(params TrainingRun[] runs) => GradientNormByLayer(0, runs);

    /// <summary>Weight-gradient norm per layer at recorded step <paramref name="step"/> of each run (log y axis, layer 1 = input side).</summary>
    public static GenericChart GradientNormByLayer(int step, params TrainingRun[] runs)
    {
        RequireRuns(runs, nameof(runs));
        var traces = new List<GenericChart>();
        foreach (var run in runs)
        {
            RequireLayers(run, nameof(runs));
            traces.Add(LayerNormTrace(run.LayersAt(step), run.Label));
        }

        return StyleByLayer(CSharpChart.Combine(traces), $"Weight-gradient norm by layer at step {step}");
    }

    /// <summary>Weight-gradient norm per layer of one step's telemetry (log y axis, layer 1 = input side).</summary>
    public static GenericChart GradientNormByLayer(IReadOnlyList<LayerTelemetry> layers, string name = "‖dW‖")
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("layers is empty; train with RecordTelemetry = true to get per-layer telemetry.", nameof(layers));
        }

        return StyleByLayer(LayerNormTrace(layers, name), "Weight-gradient norm by layer");
    }

    private static GenericChart LayerNormTrace(IReadOnlyList<LayerTelemetry> layers, string name)
    {
        var layer = new int[layers.Count];
        var norm = new double[layers.Count];
        for (var i = 0; i < layers.Count; i++)
        {
            layer[i] = layers[i].Layer;
            norm[i] = layers[i].WeightGradNorm;
        }

        return CSharpChart.Line<int, double, string>(x: layer, y: ForLogAxis(norm), Name: name, ShowMarkers: true);
    }

    private static GenericChart StyleByLayer(GenericChart chart, string title) =>
        Style(chart, title, "layer (1 = input side → output)", "‖dW‖, Frobenius norm (log scale)", logY: true);
}
