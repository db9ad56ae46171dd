using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// Layer × step heatmap of log10 ‖dW‖: rows are layers (1 = input side, at the bottom), columns are steps.
    /// Zero norms show as gaps; values keep four significant digits (invisible on a colour scale, half the JSON). Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    public static GenericChart GradientNormHeatmap(TrainingRun run)
    {
        RequireLayers(run, nameof(run));
        var norms = run.GradNormMatrix();
        var z = new double[run.LayerCount][];
        var layers = new int[run.LayerCount];
        for (var l = 0; l < z.Length; l++)
        {
            layers[l] = run.Steps[0].Layers[l].Layer;
            z[l] = new double[run.StepCount];
            for (var s = 0; s < run.StepCount; s++)
            {
                z[l][s] = Round(Log10OrGap(norms[l, s]));
            }
        }

        var steps = run.Steps.Select(s => s.Step).ToArray();
        var title = new Title();
        title.SetProperty("text", "log10 ‖dW‖");
        var colorBar = new ColorBar();
        colorBar.SetProperty("title", title);
        var heatmap = CSharpChart.Heatmap<double, int, int, string>(zData: z, X: steps, Y: layers, Name: run.Label, ColorBar: colorBar);
        return Style(heatmap, $"Weight-gradient norm per layer and step (log10 color scale): {run.Label}", "step", "layer (1 = input side)");
    }
}
