using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>Training loss per step of several runs side by side (log y axis); a diverged run's legend names the step.</summary>
    public static GenericChart LossCurves(params TrainingRun[] runs) => LossCurves(runs, logY: true);

    /// <summary>Training loss per step of several runs, on a log or linear y axis.</summary>
    public static GenericChart LossCurves(IReadOnlyList<TrainingRun> runs, bool logY)
    {
        RequireRuns(runs, nameof(runs));
        var traces = new List<GenericChart>();
        foreach (var run in runs)
        {
            ArgumentNullException.ThrowIfNull(run, nameof(runs));
            var steps = run.Steps.Select(s => s.Step).ToArray();
            var losses = logY ? ForLogAxis(run.Losses) : run.Losses;
            var name = run.Divergence is { } d ? $"{run.Label} (diverged at step {d.Step})" : run.Label;
            traces.Add(CSharpChart.Line<int, double, string>(x: steps, y: losses, Name: name));
        }

        return Style(CSharpChart.Combine(traces), "Training loss per step", "step", logY ? "minibatch loss (log scale)" : "minibatch loss", logY: logY);
    }
}
