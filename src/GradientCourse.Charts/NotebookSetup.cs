using System.Reflection;
using System.Runtime.Loader;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;
using GenericChartExtensions = Plotly.NET.CSharp.GenericChartExtensions;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>The background work <see cref="WarmUpInBackground"/> started, or null before the first call (for tests).</summary>
    internal static Task? WarmUpTask => WarmUpState.Task;

    /// <summary>Charts the warm-up made, serialized and wrote as HTML (for tests: a warm-up that failed silently shows here).</summary>
    internal static int WarmUpCharts => WarmUpState.Charts;

    /// <summary>The assemblies the first call loaded on its own thread before starting the warm-up (for tests).</summary>
    internal static IReadOnlyList<string> WarmUpLoaded => WarmUpState.Loaded;

    /// <summary>
    /// Called by every notebook's setup cell, after the FSharp.Core resolver: makes a small chart of each kind the course
    /// draws (lines with guides, a log axis, a heatmap with a colour bar, bars, and lines styled the way notebook 09
    /// styles its own), serializes it and writes its HTML, on a background thread. The JIT then compiles Plotly.NET,
    /// FSharp.Core and Newtonsoft.Json while the learner reads instead of in the notebook's first chart cell (measured on
    /// the official kernel, idle machine: 06's first chart cell 0.80–1.05 s without it, under 0.5 s with it). Before it
    /// returns it loads, on the calling thread, the assemblies the warm-up will use (see the comment inside). A second
    /// call does nothing. Prints nothing and never fails: if a chart cannot be made yet, the first chart cell reports why.
    /// </summary>
    public static void WarmUpInBackground()
    {
        if (Interlocked.CompareExchange(ref WarmUpState.Task, Task.CompletedTask, null) is null)
        {
            // First, on this thread, every assembly the warm-up can reach: a notebook's next cell may need the same one at
            // the moment the warm-up does, and the kernel's script assembly loader (Roslyn's InteractiveAssemblyLoader)
            // loads a file outside its lock, so two threads asking at once get two copies of one assembly. Seen in the
            // course runner, which uses the same loader: two copies of GradientCourse.dll, and a later cell failed with
            // "Field not found: 'Submission#1.large'" (its Initializer type was the other copy's).
            WarmUpState.Loaded = LoadReferences(typeof(Charts).Assembly);
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
            // Two lines combined and styled through Plotly.NET.CSharp's extensions, as notebook 09 styles its own charts.
            var combined = CSharpChart.Combine([CSharpChart.Line<double, double, string>(x: two, y: two, Name: "a"), CSharpChart.Line<double, double, string>(x: two, y: two, Name: "b")]);
            combined = GenericChartExtensions.WithXAxisStyle<double, double, string>(combined, TitleText: "x");
            combined = GenericChartExtensions.WithYAxisStyle<double, double, string>(combined, TitleText: "y");
            Show(GenericChartExtensions.WithSize(combined, Width: 760, Height: 440));
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

    /// <summary>Loads the assemblies <paramref name="root"/> references, and theirs, the way the runtime would when code
    /// first needs them (through the referencing assembly's load context, so the same resolvers answer), following
    /// only assemblies outside the default context (the runtime's own and the host's are loaded safely from any
    /// thread). A reference that cannot be loaded is skipped: the code that needs it reports that, with the real
    /// message. Returns the names loaded or found, in order.</summary>
    internal static IReadOnlyList<string> LoadReferences(Assembly root)
    {
        var loaded = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            var context = AssemblyLoadContext.GetLoadContext(assembly) ?? AssemblyLoadContext.Default;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (!seen.Add(reference.FullName))
                {
                    continue;
                }
                try
                {
                    var dependency = context.LoadFromAssemblyName(reference);
                    loaded.Add(reference.Name ?? reference.FullName);
                    if (AssemblyLoadContext.GetLoadContext(dependency) is { } dependencyContext && dependencyContext != AssemblyLoadContext.Default)
                    {
                        pending.Enqueue(dependency);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // not resolvable here (yet): the first code that needs it fails, with this message
                }
            }
        }
        return loaded;
    }

    // Not a field of Charts: touching one would run Charts' static initializers (Plotly.NET's template) in the setup cell
    // itself, which is what the warm-up moves to the background (measured: +0.2–0.3 s on the setup cell).
    private static class WarmUpState
    {
        public static Task? Task;
        public static int Charts;
        public static IReadOnlyList<string> Loaded = [];
    }
}
