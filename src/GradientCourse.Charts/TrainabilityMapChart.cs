using Microsoft.FSharp.Core;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>The color scale of the trainability map is capped here: a ratio at or above it (or a divergence) reads "learned nothing".</summary>
    private const double RatioCap = 1.1;

    /// <summary>
    /// Depth × σ_w heatmap of <see cref="TrainabilityCell.LossRatio"/> (green = learned, red = learned nothing or diverged),
    /// with the theory overlaid: the critical line σ_w = 1 where χ₁ = σ_w²·E[tanh'(h)²] = 1, and the curve depth = 6 ξ(σ_w)
    /// of Schoenholz et al. (2017). Introduced in notebooks/05-initialization.ipynb.
    /// </summary>
    public static GenericChart TrainabilityMap(TrainabilityMapResult result, bool theory = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scales = result.Options.WeightScales.ToArray();
        var depths = result.Options.Depths.ToArray();
        var z = result.RatioGrid().Select(row => row.Select(r => Math.Min(r, RatioCap)).ToArray()).ToArray();
        var text = result.Options.Depths.Select(d => result.Options.WeightScales.Select(s =>
        {
            var cell = result[d, s];
            return cell.Divergence is null ? $"final / baseline loss {cell.LossRatio:F3}" : $"diverged at step {cell.Divergence.Step}";
        }).ToArray()).ToArray();
        var title = new Title();
        title.SetProperty("text", "final loss / baseline");
        var colorBar = new ColorBar();
        colorBar.SetProperty("title", title);
        var heatmap = CSharpChart.Heatmap<double, double, int, string>(
            zData: z, X: scales, Y: depths, Name: "final / baseline loss", ColorBar: colorBar,
            ColorScale: StyleParam.Colorscale.RdBu); // plotly.js RdBu runs from blue (low: learned) to red (high: learned nothing)
        heatmap = GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(trace =>
        {
            trace.SetProperty("zmin", 0.0);
            trace.SetProperty("zmax", RatioCap);
            trace.SetProperty("text", text);
            return trace;
        }), heatmap);
        var traces = new List<GenericChart> { heatmap };
        if (theory)
        {
            var (low, high) = (depths.Min() - 2.0, depths.Max() + 2.0);
            traces.Add(CSharpChart.Line<double, double, string>(
                x: [1.0, 1.0], y: [low, high], Name: "critical σ_w = 1 (χ₁ = 1)", LineColor: Color.fromString("black"), LineDash: StyleParam.DrawingStyle.Dash));
            var grid = Enumerable.Range(0, 121).Select(i => scales.Min() + ((scales.Max() - scales.Min()) * i / 120.0)).ToArray();
            var sixXi = grid.Select(s => 6 * GradientCourse.TrainabilityMap.DepthScale(s)).Select(d => d <= high ? d : double.NaN).ToArray();
            traces.Add(CSharpChart.Line<double, double, string>(
                x: grid, y: sixXi, Name: "depth = 6 ξ(σ_w) (mean-field)", LineColor: Color.fromString("black"), LineDash: StyleParam.DrawingStyle.Dot));
        }

        var legend = new Plotly.NET.LayoutObjects.Legend();
        legend.SetProperty("orientation", "h");
        legend.SetProperty("y", -0.2);
        var chart = Style(Plotly.NET.Chart.withLegend(legend, null).Invoke(CSharpChart.Combine(traces)), "Trainability map: final loss / baseline after training (tanh MLP)", "σ_w (weights ~ N(0, σ_w²/fanIn))", "hidden layers (depth)");
        return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: "hidden layers (depth)", MinMax: Tuple.Create(depths.Min() - 2.0, depths.Max() + 2.0));
    }

    /// <summary>
    /// The mean-field depth scale ξ(σ_w) = −1/ln χ_c of a tanh net with zero bias (log y axis): it diverges at σ_w = 1, so
    /// signals and gradients travel furthest at the critical point. Introduced in notebooks/05-initialization.ipynb.
    /// </summary>
    public static GenericChart DepthScale(double minWeightScale = 0.25, double maxWeightScale = 4.0, int points = 160)
    {
        if (!(minWeightScale > 0) || !(maxWeightScale > minWeightScale) || points < 2)
        {
            throw new ArgumentException($"need 0 < minWeightScale < maxWeightScale and points ≥ 2, got {minWeightScale}, {maxWeightScale}, {points}.");
        }

        var grid = Enumerable.Range(0, points).Select(i => minWeightScale + ((maxWeightScale - minWeightScale) * i / (points - 1.0))).ToArray();
        var xi = grid.Select(GradientCourse.TrainabilityMap.DepthScale).ToArray();
        var traces = new List<GenericChart>
        {
            CSharpChart.Line<double, double, string>(x: grid, y: ForLogAxis(xi), Name: "ξ = −1/ln χ_c"),
            CSharpChart.Line<double, double, string>(x: grid, y: ForLogAxis(xi.Select(v => 6 * v).ToArray()), Name: "6 ξ: trainable depth (Schoenholz et al.)", LineDash: StyleParam.DrawingStyle.Dash),
        };
        return Style(CSharpChart.Combine(traces), "Mean-field depth scale of a tanh net (zero bias)", "σ_w (weights ~ N(0, σ_w²/fanIn))", "layers (log scale)", logY: true);
    }
}
