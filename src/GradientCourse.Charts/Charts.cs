using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.GenericChartExtensions;
using PlotlyChart = Plotly.NET.Chart;

namespace GradientCourse;

/// <summary>
/// The course's Plotly.NET charts, one family per file. Charts take telemetry, models or activations — never the trainer —
/// and every chart has a title, axis titles that name units and scale, and a legend.
/// </summary>
public static partial class Charts
{
    /// <summary>Writes <paramref name="chart"/> as a self-contained HTML page with plotly.js embedded (opens offline).</summary>
    public static void SaveHtml(GenericChart chart, string path)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var offline = PlotlyChart.withDisplayOptions(
            DisplayOptions.init(null, null, null, null, null, null, PlotlyJSReference.Full)).Invoke(chart);
        File.WriteAllText(path, GenericChart.toEmbeddedHTML(offline));
    }

    /// <summary>The chart as an HTML fragment (a div and the script that draws it), without plotly.js: the page must load it once.</summary>
    public static string ToHtmlFragment(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return GenericChart.toChartHTML(chart);
    }

    /// <summary>The chart's Plotly JSON (data and layout), e.g. for tests or another renderer.</summary>
    public static string ToJson(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return GenericChart.toJson(chart);
    }

    /// <summary>Adds the title, axis titles and axis types every course chart carries (and its template, serialized once).</summary>
    internal static GenericChart Style(GenericChart chart, string title, string xTitle, string yTitle, bool logX = false, bool logY = false)
    {
        chart = CSharpChart.WithXAxisStyle<double, double, string>(chart, TitleText: xTitle, AxisType: logX ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
        chart = CSharpChart.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle, AxisType: logY ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
        chart = CSharpChart.WithSize(chart, Width: 760, Height: 480);
        chart = logX ? PlotlyChart.withXAxis(PowersOfTen(), null).Invoke(chart) : chart;
        chart = logY ? PlotlyChart.withYAxis(PowersOfTen(), null).Invoke(chart) : chart;
        return WithSerializedTemplate(PlotlyChart.withTitle(title, null).Invoke(chart));
    }

    /// <summary>Log-axis ticks as powers of ten (10⁻¹²), never SI prefixes ("1p", "100µ"), one tick per decade or a whole number of decades.</summary>
    internal static LinearAxis PowersOfTen()
    {
        var axis = new LinearAxis();
        axis.SetProperty("exponentformat", "power");
        axis.SetProperty("showexponent", "all");
        axis.SetProperty("tickformat", "");
        return axis;
    }

    /// <summary>A horizontal guide line from x0 to x1 at height y, shown in the legend (dotted gray unless told otherwise).</summary>
    internal static GenericChart Guide(string name, double x0, double x1, double y, StyleParam.DrawingStyle? dash = null, string color = "gray") =>
        Plotly.NET.CSharp.Chart.Line<double, double, string>(
            x: [x0, x1],
            y: [y, y],
            Name: name,
            LineDash: dash ?? StyleParam.DrawingStyle.Dot,
            LineColor: Color.fromString(color));

    /// <summary>Copies values for a log axis: values that are not positive and finite become NaN (a gap in the line).</summary>
    internal static double[] ForLogAxis(IReadOnlyList<double> values)
    {
        var result = new double[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = values[i] > 0 && double.IsFinite(values[i]) ? values[i] : double.NaN;
        }

        return result;
    }

    /// <summary>log10 of a value, or NaN (a gap) when the value is not positive and finite.</summary>
    internal static double Log10OrGap(double value) => value > 0 && double.IsFinite(value) ? Math.Log10(value) : double.NaN;

    /// <summary>A text annotation at (x, y) in data coordinates (y in log10 units on a log axis, as plotly.js expects).</summary>
    internal static GenericChart Annotate(GenericChart chart, double x, double y, string text)
    {
        var annotation = new Annotation();
        annotation.SetProperty("x", x);
        annotation.SetProperty("y", y);
        annotation.SetProperty("text", text);
        annotation.SetProperty("showarrow", true);
        return PlotlyChart.withAnnotation(annotation, null).Invoke(chart);
    }

    /// <summary>Throws unless the run recorded per-layer telemetry.</summary>
    internal static void RequireLayers(TrainingRun run, string argumentName)
    {
        ArgumentNullException.ThrowIfNull(run, argumentName);
        if (run.LayerCount == 0)
        {
            throw new ArgumentException(
                $"run '{run.Label}' has no per-layer telemetry ({run.StepCount} steps recorded); train with RecordTelemetry = true and at least one step.",
                argumentName);
        }
    }

    /// <summary>Throws when no runs are given.</summary>
    internal static void RequireRuns(IReadOnlyList<TrainingRun> runs, string argumentName)
    {
        ArgumentNullException.ThrowIfNull(runs, argumentName);
        if (runs.Count == 0)
        {
            throw new ArgumentException("Pass at least one TrainingRun.", argumentName);
        }
    }
}
