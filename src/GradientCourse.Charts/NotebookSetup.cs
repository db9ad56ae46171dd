using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>The background work <see cref="WarmUpInBackground"/> started, or null before the first call (for tests).</summary>
    internal static Task? WarmUpTask => WarmUpState.Task;

    /// <summary>Charts the warm-up made, serialized and wrote as HTML (for tests: a warm-up that failed silently shows here).</summary>
    internal static int WarmUpCharts => WarmUpState.Charts;

    /// <summary>
    /// Called by every notebook's setup cell, after the FSharp.Core resolver: makes a small chart of each kind the course
    /// draws (lines with guides, a log axis, a heatmap with a colour bar, bars), serializes it and writes its HTML, on a
    /// background thread. The JIT then compiles Plotly.NET, FSharp.Core and Newtonsoft.Json while the learner reads
    /// instead of in the notebook's first chart cell (measured on the official kernel, idle machine: 06's first chart cell
    /// 0.80–1.05 s without it, under 0.5 s with it). Returns at once; a second call does nothing. Prints nothing and never fails: if a chart
    /// cannot be made yet, the first chart cell reports why.
    /// </summary>
    public static void WarmUpInBackground()
    {
        if (Interlocked.CompareExchange(ref WarmUpState.Task, Task.CompletedTask, null) is null)
        {
            // Half a second later: the setup cell's own reply (the kernel's work after the cell's code) goes out first.
            WarmUpState.Task = Task.Run(async () =>
            {
                await Task.Delay(500).ConfigureAwait(false);
                WarmUp();
            });
        }
    }

    private static void WarmUp()
    {
        double[] two = [0.0, 1.0];
        try
        {
            Show(ActivationCurves([Activations.Tanh], -1, 1));
            Show(Style(CSharpChart.Line<double, double, string>(x: two, y: (double[])[1e-3, 1e-1], Name: "warm-up"), "warm-up", "x", "y", logY: true));
            var colorBar = new ColorBar();
            Show(Style(CSharpChart.Heatmap<double, double, int, string>(zData: (double[][])[two, two], X: two, Y: (int[])[1, 2], Name: "warm-up", ColorBar: colorBar), "warm-up", "x", "y"));
            Show(Style(CSharpChart.Column<int, double, string>(values: (int[])[1, 2], Keys: two, Name: "warm-up"), "warm-up", "x", "y"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a head start: the same failure (e.g. FSharp.Core not resolvable yet) reaches the learner, with its real
            // message, when the first chart cell makes a chart.
        }

        // What displaying a chart costs: its figure JSON (the course runner) and its HTML page fragment (the kernel's
        // Plotly.NET.Interactive formatter).
        static void Show(GenericChart chart)
        {
            _ = GenericChart.toJson(chart);
            _ = GenericChart.toChartHTML(chart);
            Interlocked.Increment(ref WarmUpState.Charts);
        }
    }

    // Not a field of Charts: touching one would run Charts' static initializers (Plotly.NET's template) in the setup cell
    // itself, which is what the warm-up moves to the background (measured: +0.2–0.3 s on the setup cell).
    private static class WarmUpState
    {
        public static Task? Task;
        public static int Charts;
    }
}
