using System.Globalization;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// Per-layer histograms of the activations over training (makemore part 3's picture, one row per layer): a heatmap
    /// per snapshot step — x is the activation value, each row a layer, colour the share of that layer's
    /// (example, unit) entries in the bin — with a slider over the steps of <see cref="TrainerOptions.SnapshotSteps"/>.
    /// Each row is labelled with its saturated share (sigmoid, tanh) or dead share (ReLU family) at that step. Layers
    /// without an activation (the linear output layer) are left out: their values are the predictions. Counts
    /// are binned here, so the chart's size depends on layers × bins × steps, not on the batch.
    /// Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    /// <param name="run">A run trained with <c>SnapshotSteps</c> set.</param>
    /// <param name="bins">Bins per row (5–200).</param>
    /// <exception cref="ArgumentException">The run has no snapshots, or bins is out of range.</exception>
    public static GenericChart ActivationHistogramsOverTraining(TrainingRun run, int bins = 30) =>
        HistogramsOverTraining(
            run,
            bins,
            s => s.Activations,
            logMagnitude: false,
            hiddenOnly: true,
            "activation a = f(h)",
            $"Activation histograms per layer over training: {run?.Label}");

    /// <summary>
    /// Per-layer histograms of the back-propagated gradient dL/dh over training: as
    /// <see cref="ActivationHistogramsOverTraining"/>, with x = log10 |dL/dh| (a vanishing layer sits far to the left;
    /// exact zeros, which a log cannot show, are counted in each row's label). Introduced in
    /// notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    /// <param name="run">A run trained with <c>SnapshotSteps</c> set.</param>
    /// <param name="bins">Bins per row (5–200).</param>
    /// <exception cref="ArgumentException">The run has no snapshots, or bins is out of range.</exception>
    public static GenericChart GradientHistogramsOverTraining(TrainingRun run, int bins = 30) =>
        HistogramsOverTraining(
            run,
            bins,
            s => s.Gradients,
            logMagnitude: true,
            hiddenOnly: false,
            "log10 |dL/dh| (gradient at the layer's pre-activation)",
            $"Gradient histograms per layer over training: {run?.Label}");

    /// <summary>
    /// Bins each layer's values at one snapshot on the shared edges: share of the layer's entries per bin (values
    /// beyond the range go to the end bins), and the share of entries left out (non-finite, or zero on a log axis).
    /// </summary>
    internal static (double[] Shares, double LeftOut) BinShares(IReadOnlyList<double> values, bool logMagnitude, double low, double high, int bins)
    {
        var shares = new double[bins];
        var width = (high - low) / bins;
        var leftOut = 0;
        foreach (var raw in values)
        {
            var v = BinValue(raw, logMagnitude);
            if (!double.IsFinite(v))
            {
                leftOut++;
                continue;
            }

            var index = (int)Math.Floor((v - low) / width);
            shares[Math.Clamp(index, 0, bins - 1)]++;
        }

        for (var b = 0; b < bins; b++)
        {
            shares[b] /= Math.Max(values.Count, 1);
        }

        return (shares, (double)leftOut / Math.Max(values.Count, 1));
    }

    private static GenericChart HistogramsOverTraining(
        TrainingRun run, int bins, Func<LayerSnapshot, double[]> select, bool logMagnitude, bool hiddenOnly, string xTitle, string title)
    {
        ArgumentNullException.ThrowIfNull(run);
        var snapshots = run.Snapshots;
        if (snapshots.Count == 0)
        {
            throw new ArgumentException(
                $"run '{run.Label}' has no snapshots; train with new TrainerOptions {{ SnapshotSteps = [0, 10, 50] }} (steps that the run reaches).",
                nameof(run));
        }

        if (bins is < 5 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "Use 5–200 bins per row (30 is a good start).");
        }

        IReadOnlyList<LayerSnapshot> Rows(StepTelemetry step) => hiddenOnly ? step.Snapshot!.Where(l => l.Activation != "identity").ToList() : step.Snapshot!;
        if (Rows(snapshots[0]).Count == 0)
        {
            throw new ArgumentException($"run '{run.Label}' has no layer with an activation to plot.", nameof(run));
        }

        var (low, high) = SharedRange(snapshots.Select(Rows), select, logMagnitude);
        var width = (high - low) / bins;
        var centres = Enumerable.Range(0, bins).Select(b => Round(low + ((b + 0.5) * width))).ToArray();
        var labelX = high + (0.02 * (high - low));

        // every frame's shares first, so that all frames share one colour scale
        var frames = new List<(int Step, int[] Layers, double[][] Z, string[] Labels)>();
        var zMax = 0.0;
        foreach (var step in snapshots)
        {
            var layers = Rows(step);
            var z = new double[layers.Count][];
            var labels = new string[layers.Count];
            for (var l = 0; l < layers.Count; l++)
            {
                var (shares, leftOut) = BinShares(select(layers[l]), logMagnitude, low, high, bins);
                z[l] = shares.Select(Round).ToArray();
                zMax = Math.Max(zMax, z[l].Max());
                labels[l] = RowLabel(layers[l], logMagnitude, leftOut);
            }

            frames.Add((step.Step, layers.Select(s => s.Layer).ToArray(), z, labels));
        }

        var charts = new List<(string StepLabel, GenericChart Frame)>();
        foreach (var (step, layers, z, labels) in frames)
        {
            var colorTitle = new Title();
            colorTitle.SetProperty("text", "share of the layer's entries");
            var colorBar = new ColorBar();
            colorBar.SetProperty("title", colorTitle);
            var heatmap = CSharpChart.Heatmap<double, double, int, string>(zData: z, X: centres, Y: layers, Name: $"step {step}", ColorBar: colorBar);
            heatmap = GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(trace =>
            {
                trace.SetProperty("zmin", 0.0);
                trace.SetProperty("zmax", zMax);
                // most shares are small: the scale spends its first tenth on them so that a spread-out row is visible beside a spike
                trace.SetProperty("colorscale", new object[]
                {
                    new object[] { 0.0, "#ffffff" }, new object[] { 0.02, "#c6dbef" }, new object[] { 0.1, "#6baed6" },
                    new object[] { 0.4, "#2171b5" }, new object[] { 1.0, "#08306b" },
                });
                trace.SetProperty("hovertemplate", "layer %{y}<br>" + (logMagnitude ? "log10 |dL/dh|" : "a") + " ≈ %{x}<br>share %{z:.2%}<extra></extra>");
                return trace;
            }), heatmap);
            var text = CSharpChart.Scatter<double, int, string>(
                x: Enumerable.Repeat(Round(labelX), layers.Length).ToArray(),
                y: layers,
                mode: StyleParam.Mode.Text,
                Name: logMagnitude ? "share of exactly zero gradients" : "saturated / dead share",
                MultiText: labels,
                TextPosition: StyleParam.TextPosition.MiddleRight,
                ShowLegend: false);
            var frame = Style(CSharpChart.Combine([heatmap, text]), title, xTitle, "layer (1 = input side)");
            charts.Add(($"step {step}", frame));
        }

        var chart = Sweep(title, charts, "training step: ", (low, high + (0.3 * (high - low))));
        var yAxis = new LinearAxis();
        yAxis.SetProperty("title", new Dictionary<string, object> { ["text"] = "layer (1 = input side)" });
        yAxis.SetProperty("dtick", frames[0].Layers.Length <= 25 ? 1 : 5);
        yAxis.SetProperty("range", new[] { frames[0].Layers[0] - 0.5, frames[0].Layers[^1] + 0.5 });
        yAxis.SetProperty("autorange", false);
        return Plotly.NET.Chart.withYAxis(yAxis, null).Invoke(chart);
    }

    /// <summary>The x range every frame shares: the 0.1 % and 99.9 % quantiles of all values (so one outlier cannot squash the rest).</summary>
    private static (double Low, double High) SharedRange(IEnumerable<IReadOnlyList<LayerSnapshot>> snapshots, Func<LayerSnapshot, double[]> select, bool logMagnitude)
    {
        var all = new List<double>();
        foreach (var step in snapshots)
        {
            foreach (var layer in step)
            {
                foreach (var raw in select(layer))
                {
                    var v = BinValue(raw, logMagnitude);
                    if (double.IsFinite(v))
                    {
                        all.Add(v);
                    }
                }
            }
        }

        if (all.Count == 0)
        {
            return (-1, 1);
        }

        all.Sort();
        var low = all[(int)Math.Floor(0.001 * (all.Count - 1))];
        var high = all[(int)Math.Ceiling(0.999 * (all.Count - 1))];
        if (!(high - low > 1e-9 * Math.Max(1, Math.Abs(low))))
        {
            (low, high) = (low - 0.5, high + 0.5);
        }

        return (low, high);
    }

    /// <summary>The value a histogram bins: the value itself, or log10 of its magnitude (NaN for 0 and non-finite values).</summary>
    private static double BinValue(double raw, bool logMagnitude) =>
        logMagnitude ? (raw != 0 && double.IsFinite(raw) ? Math.Log10(Math.Abs(raw)) : double.NaN) : raw;

    private static string RowLabel(LayerSnapshot layer, bool logMagnitude, double leftOut)
    {
        if (logMagnitude)
        {
            return string.Create(CultureInfo.InvariantCulture, $"dL/dh = 0: {leftOut:P0}");
        }

        return layer.Saturates
            ? string.Create(CultureInfo.InvariantCulture, $"saturated {layer.SaturatedFraction:P0}")
            : string.Create(CultureInfo.InvariantCulture, $"dead {layer.DeadFraction:P0}");
    }

    /// <summary>Four significant digits: invisible on a chart, and it keeps the JSON short.</summary>
    internal static double Round(double value) =>
        value == 0 || !double.IsFinite(value) ? value : Math.Round(value, Math.Clamp(3 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15));
}
