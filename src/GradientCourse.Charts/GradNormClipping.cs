using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// Global gradient norm per step before and after clipping (log y axis), with an optional guide at the clip threshold.
    /// Introduced in notebooks/04-exploding-gradients.ipynb.
    /// </summary>
    public static GenericChart GradNormClipping(TrainingRun run, double? clipNorm = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.StepCount == 0)
        {
            throw new ArgumentException($"run '{run.Label}' recorded no steps; nothing to plot.", nameof(run));
        }

        var steps = run.Steps.Select(s => (double)s.Step).ToArray();
        var traces = new List<GenericChart>
        {
            CSharpChart.Line<double, double, string>(x: steps, y: ForLogAxis(run.StepSeries(s => s.GradNormBeforeClip)), Name: "before clipping"),
            CSharpChart.Line<double, double, string>(x: steps, y: ForLogAxis(run.StepSeries(s => s.GradNormAfterClip)), Name: "after clipping", LineDash: StyleParam.DrawingStyle.Dash),
        };
        if (clipNorm is { } threshold)
        {
            traces.Add(Guide($"clip threshold {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}", steps[0], steps[^1], threshold));
        }

        return Style(CSharpChart.Combine(traces), $"Global gradient norm before and after clipping: {run.Label}", "step", "‖g‖, global L2 norm (log scale)", logY: true);
    }
}
