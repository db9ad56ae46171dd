using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// log10 of the update:data ratio std(ΔW)/std(W) per layer and step, with the healthy 1e-3 guide (−3).
    /// Well below: the layer barely learns; well above: it thrashes. Values keep four significant digits. Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static GenericChart UpdateToDataRatio(TrainingRun run)
    {
        RequireLayers(run, nameof(run));
        var steps = run.Steps.Select(s => (double)s.Step).ToArray();
        var ratios = run.LayerSeries(l => l.UpdateToDataRatio);
        var traces = new List<GenericChart>();
        for (var l = 0; l < ratios.Length; l++)
        {
            var log = new double[ratios[l].Length];
            for (var s = 0; s < log.Length; s++)
            {
                log[s] = Round(Log10OrGap(ratios[l][s]));
            }

            traces.Add(CSharpChart.Line<double, double, string>(x: steps, y: log, Name: $"layer {run.Steps[0].Layers[l].Layer}"));
        }

        traces.Add(Guide("1e-3 (healthy)", steps[0], steps[^1], -3));
        return Style(
            CSharpChart.Combine(traces),
            $"Update:data ratio per layer: {run.Label}",
            "step",
            "log10( std(ΔW) / std(W) )");
    }
}
