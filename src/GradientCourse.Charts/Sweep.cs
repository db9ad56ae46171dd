using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// One figure with a slider over precomputed frames: every frame's traces are combined, only the first frame's are
    /// visible, and each slider step restyles the "visible" flags so that exactly its frame shows. Dragging needs no
    /// kernel (VS Code, the static site). The frames' axis titles and types are kept; their traces are reused (their
    /// visibility is set); the legend is always shown. Introduced in notebooks/02-activations-and-saturation.ipynb.
    /// </summary>
    /// <param name="title">The figure's title.</param>
    /// <param name="frames">(step label, chart) pairs in slider order, e.g. ("scale 0.1", histogram).</param>
    /// <param name="sliderPrefix">Text before the current step label above the slider, e.g. "weight scale: ".</param>
    /// <param name="xRange">A fixed x range for every frame (so frames compare at a glance); null = each frame autoranges.</param>
    /// <exception cref="ArgumentException">No frames, a frame without traces, or an empty x range.</exception>
    public static GenericChart Sweep(
        string title, IReadOnlyList<(string StepLabel, GenericChart Frame)> frames, string sliderPrefix = "", (double Min, double Max)? xRange = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(sliderPrefix);
        if (frames.Count == 0)
        {
            throw new ArgumentException("Pass at least one (label, chart) frame, e.g. one histogram per weight scale.", nameof(frames));
        }

        if (xRange is { } range && !(range.Min < range.Max && double.IsFinite(range.Min) && double.IsFinite(range.Max)))
        {
            throw new ArgumentException($"xRange ({range.Min}, {range.Max}) is empty; pass finite Min < Max, e.g. (0, 0.26).", nameof(xRange));
        }

        // Which frame each trace belongs to, in combined order.
        var owner = new List<int>();
        for (var f = 0; f < frames.Count; f++)
        {
            ArgumentNullException.ThrowIfNull(frames[f].Frame, nameof(frames));
            var traces = GenericChart.getTraces(frames[f].Frame).ToList();
            if (traces.Count == 0)
            {
                throw new ArgumentException($"Frame {f} ('{frames[f].StepLabel}') has no traces; every frame needs something to show.", nameof(frames));
            }

            foreach (var trace in traces)
            {
                trace.SetProperty("visible", f == 0);
                owner.Add(f);
            }
        }

        var steps = new List<SliderStep>();
        for (var f = 0; f < frames.Count; f++)
        {
            var visible = owner.Select(o => o == f).ToArray();
            var step = new SliderStep();
            step.SetProperty("label", frames[f].StepLabel);
            step.SetProperty("method", "restyle");
            step.SetProperty("args", new object[] { new Dictionary<string, object> { ["visible"] = visible } });
            steps.Add(step);
        }

        var currentValue = new SliderCurrentValue();
        currentValue.SetProperty("prefix", sliderPrefix);
        var slider = new Slider();
        slider.SetProperty("active", 0);
        slider.SetProperty("currentvalue", currentValue);
        slider.SetProperty("pad", new Dictionary<string, object> { ["t"] = 50 });
        slider.SetProperty("steps", steps);

        var chart = CSharpChart.Combine(frames.Select(f => f.Frame));
        chart = Plotly.NET.Chart.withSlider(slider, null).Invoke(chart);
        if (xRange is { } fixedRange)
        {
            var axis = new LinearAxis();
            axis.SetProperty("range", new[] { fixedRange.Min, fixedRange.Max });
            axis.SetProperty("autorange", false);
            chart = Plotly.NET.Chart.withXAxis(axis, null).Invoke(chart);
        }

        // a legend even when each frame has a single trace (plotly.js hides it for one visible trace)
        chart = GenericChart.mapLayout(
            Microsoft.FSharp.Core.FuncConvert.FromFunc<Layout, Layout>(layout =>
            {
                layout.SetProperty("showlegend", true);
                return layout;
            }),
            chart);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithSize(chart, Width: 760, Height: 560);
        return WithSerializedTemplate(Plotly.NET.Chart.withTitle(title, null).Invoke(chart));
    }
}
