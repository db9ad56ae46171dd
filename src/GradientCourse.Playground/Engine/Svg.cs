using System.Globalization;
using System.Net;
using System.Text;

namespace GradientCourse.Playground.Engine;

/// <summary>The playground's charts as SVG markup, drawn by hand (no chart library in the browser).</summary>
public static class Svg
{
    private const double Left = 52;
    private const double Right = 12;
    private const double Top = 10;
    private const double Bottom = 26;

    /// <summary>Train (per step) and validation loss on a log axis.</summary>
    public static string LossCurve(IReadOnlyList<double> train, IReadOnlyList<(int Step, double Loss)> validation, double width = 460, double height = 220)
    {
        var sb = Open("loss-chart", width, height);
        var positive = train.Where(v => v > 0 && double.IsFinite(v)).Concat(validation.Select(v => v.Loss).Where(v => v > 0 && double.IsFinite(v))).ToList();
        if (train.Count == 0 || positive.Count == 0)
        {
            Text(sb, width / 2, height / 2, "press play or step", "middle");
            return Close(sb);
        }

        var (lo, hi) = LogRange(positive.Min(), positive.Max());
        var steps = Math.Max(train.Count, 2);
        double X(double step) => Left + (step / (steps - 1) * (width - Left - Right));
        double Y(double v) => Top + ((hi - Math.Log10(Math.Max(v, Math.Pow(10, lo)))) / (hi - lo) * (height - Top - Bottom));
        LogYAxis(sb, lo, hi, width, height);
        Text(sb, Left, height - 8, "0", "start");
        Text(sb, width - Right, height - 8, $"step {train.Count}", "end");
        var stride = Math.Max(1, train.Count / 400);
        var points = new StringBuilder();
        for (var i = 0; i < train.Count; i += stride)
        {
            points.Append(Invariant($"{X(i):0.#},{Y(train[i]):0.#} "));
        }

        points.Append(Invariant($"{X(train.Count - 1):0.#},{Y(train[^1]):0.#}"));
        sb.Append(Invariant($"<polyline class=\"train\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\" points=\"{points}\"/>"));
        if (validation.Count > 0)
        {
            var v = string.Join(' ', validation.Select(p => Invariant($"{X(p.Step - 1):0.#},{Y(p.Loss):0.#}")));
            sb.Append(Invariant($"<polyline class=\"validation\" fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"2\" points=\"{v}\"/>"));
        }

        Text(sb, width - Right - 4, Top + 12, "— train   — validation", "end", "legend");
        return Close(sb);
    }

    /// <summary>Per-layer weight-gradient norms (layer 1 at the top) as bars on a log axis.</summary>
    public static string GradientBars(IReadOnlyList<LayerTelemetry> layers, double width = 460, double height = 220)
    {
        var sb = Open("grad-bars", width, height);
        if (layers.Count == 0)
        {
            return Close(sb);
        }

        var positive = layers.Select(l => l.WeightGradNorm).Where(v => v > 0 && double.IsFinite(v)).DefaultIfEmpty(1).ToList();
        var (lo, hi) = LogRange(positive.Min(), positive.Max());
        var rowH = (height - Top - Bottom) / layers.Count;
        double X(double v) => Left + ((Math.Log10(v) - lo) / (hi - lo) * (width - Left - Right));
        LogXAxis(sb, lo, hi, width, height);
        for (var i = 0; i < layers.Count; i++)
        {
            var v = layers[i].WeightGradNorm;
            var y = Top + (i * rowH);
            var w = v > 0 ? Math.Max(0.5, X(v) - Left) : 0;
            sb.Append(Invariant($"<rect x=\"{Left}\" y=\"{y + (0.1 * rowH):0.##}\" width=\"{w:0.##}\" height=\"{Math.Max(0.8 * rowH, 0.5):0.##}\" fill=\"{Color((Math.Log10(Math.Max(v, 1e-300)) - lo) / (hi - lo))}\"><title>layer {layers[i].Layer}: ‖dW‖ = {v:G3}</title></rect>"));
            if (layers.Count <= 25 || i % 5 == 0 || i == layers.Count - 1)
            {
                Text(sb, Left - 4, y + (rowH / 2) + 3, $"L{layers[i].Layer}", "end");
            }
        }

        return Close(sb);
    }

    /// <summary>Layer × step heatmap of log10 gradient norms (layer 1 at the top), at most 160 columns.</summary>
    public static string Heatmap(IReadOnlyList<(int Step, double[] Norms)> history, double width = 460, double height = 220)
    {
        var sb = Open("heatmap", width, height);
        if (history.Count == 0)
        {
            return Close(sb);
        }

        var columns = Math.Min(160, history.Count);
        var layers = history[0].Norms.Length;
        var picked = Enumerable.Range(0, columns).Select(c => history[(int)((long)c * (history.Count - 1) / Math.Max(columns - 1, 1))]).ToList();
        var logs = picked.SelectMany(p => p.Norms).Where(v => v > 0 && double.IsFinite(v)).Select(Math.Log10).DefaultIfEmpty(0).ToList();
        var (lo, hi) = (Math.Floor(logs.Min()), Math.Ceiling(logs.Max()));
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        var cw = (width - Left - Right - 40) / columns;
        var rh = (height - Top - Bottom) / layers;
        for (var c = 0; c < columns; c++)
        {
            for (var l = 0; l < layers; l++)
            {
                var v = picked[c].Norms[l];
                var t = v > 0 ? (Math.Log10(v) - lo) / (hi - lo) : 0;
                sb.Append(Invariant($"<rect x=\"{Left + (c * cw):0.##}\" y=\"{Top + (l * rh):0.##}\" width=\"{cw + 0.3:0.##}\" height=\"{rh + 0.3:0.##}\" fill=\"{Color(t)}\"/>"));
            }
        }

        Text(sb, Left - 4, Top + 8, "L1", "end");
        Text(sb, Left - 4, height - Bottom, $"L{layers}", "end");
        Text(sb, Left, height - 8, $"step {picked[0].Step}", "start");
        Text(sb, width - Right - 40, height - 8, $"step {picked[^1].Step}", "end");
        var legendX = width - Right - 30;
        for (var k = 0; k < 20; k++)
        {
            sb.Append(Invariant($"<rect x=\"{legendX:0.#}\" y=\"{Top + ((19 - k) * (height - Top - Bottom) / 20):0.#}\" width=\"10\" height=\"{((height - Top - Bottom) / 20) + 0.5:0.#}\" fill=\"{Color(k / 19.0)}\"/>"));
        }

        Text(sb, legendX + 12, Top + 8, $"1e{hi:0}", "start");
        Text(sb, legendX + 12, height - Bottom, $"1e{lo:0}", "start");
        return Close(sb);
    }

    /// <summary>update:data ratio per layer (dots, log axis) with the 1e-3 guide.</summary>
    public static string UpdateToData(IReadOnlyList<LayerTelemetry> layers, double width = 460, double height = 220)
    {
        var sb = Open("update-ratio", width, height);
        if (layers.Count == 0)
        {
            return Close(sb);
        }

        var values = layers.Select(l => l.UpdateToDataRatio).Where(v => v > 0 && double.IsFinite(v)).Append(1e-3).ToList();
        var (lo, hi) = LogRange(values.Min(), values.Max());
        double X(double v) => Left + ((Math.Log10(v) - lo) / (hi - lo) * (width - Left - Right));
        var rowH = (height - Top - Bottom) / layers.Count;
        LogXAxis(sb, lo, hi, width, height);
        sb.Append(Invariant($"<line x1=\"{X(1e-3):0.#}\" x2=\"{X(1e-3):0.#}\" y1=\"{Top}\" y2=\"{height - Bottom}\" stroke=\"#2ca02c\" stroke-dasharray=\"4 3\"/>"));
        Text(sb, X(1e-3) + 3, Top + 10, "1e-3", "start", "guide");
        for (var i = 0; i < layers.Count; i++)
        {
            var v = layers[i].UpdateToDataRatio;
            var y = Top + (i * rowH) + (rowH / 2);
            if (v > 0 && double.IsFinite(v))
            {
                sb.Append(Invariant($"<circle cx=\"{X(v):0.#}\" cy=\"{y:0.#}\" r=\"{Math.Clamp(rowH / 2.5, 1.5, 4):0.#}\" fill=\"#9467bd\"><title>layer {layers[i].Layer}: {v:G3}</title></circle>"));
            }

            if (layers.Count <= 25 || i % 5 == 0 || i == layers.Count - 1)
            {
                Text(sb, Left - 4, y + 3, $"L{layers[i].Layer}", "end");
            }
        }

        return Close(sb);
    }

    /// <summary>One small histogram of a layer's activations with its saturated and dead shares.</summary>
    public static string Histogram(LayerHistogram h, double width = 150, double height = 78)
    {
        var sb = Open("histogram", width, height);
        var max = Math.Max(1, h.Counts.Max());
        var bw = (width - 4) / h.Counts.Length;
        var plotH = height - 30;
        for (var i = 0; i < h.Counts.Length; i++)
        {
            var bh = h.Counts[i] / (double)max * plotH;
            sb.Append(Invariant($"<rect x=\"{2 + (i * bw):0.##}\" y=\"{14 + plotH - bh:0.##}\" width=\"{Math.Max(bw - 0.5, 0.5):0.##}\" height=\"{bh:0.##}\" fill=\"#4c78a8\"/>"));
        }

        Text(sb, 2, 10, Invariant($"L{h.Layer}  sat {h.Saturated:P0}  dead {h.Dead:P0}"), "start");
        Text(sb, 2, height - 3, Invariant($"{h.Low:G3}"), "start");
        Text(sb, width - 2, height - 3, Invariant($"{h.High:G3}"), "end");
        return Close(sb);
    }

    /// <summary>Fitted curve (1-D regression), decision regions (2-D classification) or a validation week (electricity).</summary>
    public static string Prediction(PlaygroundRun run, double width = 460, double height = 300)
    {
        return run.Data.Name switch
        {
            "regression" => FittedCurve(run, width, height),
            "electricity" => ElectricityWeek(run, width, height),
            _ => DecisionBoundary(run, width, height),
        };
    }

    private static string FittedCurve(PlaygroundRun run, double width, double height)
    {
        var sb = Open("prediction", width, height);
        var x = run.Data.Train.X;
        var y = run.Data.Train.Y;
        const int n = 120;
        var grid = new Matrix(n, 1);
        for (var i = 0; i < n; i++)
        {
            grid.Data[i] = -1.1 + (2.2 * i / (n - 1));
        }

        var p = run.Predict(grid);
        var ys = y.Data.Concat(p.Data.Where(double.IsFinite)).ToList();
        var (yLo, yHi) = (Math.Max(ys.Min(), -5), Math.Min(ys.Max(), 5));
        double Sx(double v) => Left + ((v + 1.1) / 2.2 * (width - Left - Right));
        double Sy(double v) => Top + ((yHi - Math.Clamp(v, yLo, yHi)) / (yHi - yLo) * (height - Top - Bottom));
        for (var i = 0; i < x.Rows; i++)
        {
            sb.Append(Invariant($"<circle cx=\"{Sx(x.Data[i]):0.#}\" cy=\"{Sy(y.Data[i]):0.#}\" r=\"2\" fill=\"#999\"/>"));
        }

        var line = string.Join(' ', Enumerable.Range(0, n).Where(i => double.IsFinite(p.Data[i])).Select(i => Invariant($"{Sx(grid.Data[i]):0.#},{Sy(p.Data[i]):0.#}")));
        sb.Append(Invariant($"<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2.5\" points=\"{line}\"/>"));
        Text(sb, Left, height - 8, "x from −1.1 to 1.1", "start");
        Text(sb, width - Right, Top + 12, "● data   — network", "end", "legend");
        return Close(sb);
    }

    private static string ElectricityWeek(PlaygroundRun run, double width, double height)
    {
        var sb = Open("prediction", width, height);
        var v = run.Data.Validation;
        var hours = Math.Min(168, v.Count);
        var x = v.X.SelectRows(Enumerable.Range(0, hours).ToArray());
        var p = run.Predict(x);
        var all = v.Y.Data.Take(hours).Concat(p.Data.Where(double.IsFinite)).ToList();
        var (lo, hi) = (Math.Max(all.Min(), -5), Math.Min(all.Max(), 5));
        double Sx(double i) => Left + (i / (hours - 1) * (width - Left - Right));
        double Sy(double value) => Top + ((hi - Math.Clamp(value, lo, hi)) / (hi - lo) * (height - Top - Bottom));
        var actual = string.Join(' ', Enumerable.Range(0, hours).Select(i => Invariant($"{Sx(i):0.#},{Sy(v.Y.Data[i]):0.#}")));
        var predicted = string.Join(' ', Enumerable.Range(0, hours).Where(i => double.IsFinite(p.Data[i])).Select(i => Invariant($"{Sx(i):0.#},{Sy(p.Data[i]):0.#}")));
        sb.Append(Invariant($"<polyline fill=\"none\" stroke=\"#999\" stroke-width=\"1.5\" points=\"{actual}\"/>"));
        sb.Append(Invariant($"<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"{predicted}\"/>"));
        Text(sb, Left, height - 8, "first validation week, hour by hour (standardized load)", "start");
        Text(sb, width - Right, Top + 12, "— actual   — network", "end", "legend");
        return Close(sb);
    }

    private static string DecisionBoundary(PlaygroundRun run, double width, double height)
    {
        var sb = Open("prediction", width, height);
        var x = run.Data.Train.X;
        var y = run.Data.Train.Y;
        var (x0, x1) = (x.Column(0).Min() - 0.2, x.Column(0).Max() + 0.2);
        var (y0, y1) = (x.Column(1).Min() - 0.2, x.Column(1).Max() + 0.2);
        const int g = 36;
        var grid = new Matrix(g * g, 2);
        for (var i = 0; i < g; i++)
        {
            for (var j = 0; j < g; j++)
            {
                grid[(i * g) + j, 0] = x0 + ((x1 - x0) * (j + 0.5) / g);
                grid[(i * g) + j, 1] = y1 - ((y1 - y0) * (i + 0.5) / g);
            }
        }

        var p = run.Predict(grid);
        var side = Math.Min(width - Left - Right, height - Top - Bottom);
        var cell = side / g;
        string[] palette = ["#1f77b4", "#ff7f0e", "#2ca02c"];
        for (var r = 0; r < grid.Rows; r++)
        {
            var (cls, confidence) = Classify(p.Row(r));
            var opacity = double.IsFinite(confidence) ? 0.15 + (0.5 * confidence) : 0;
            sb.Append(Invariant($"<rect x=\"{Left + ((r % g) * cell):0.##}\" y=\"{Top + ((r / g) * cell):0.##}\" width=\"{cell + 0.3:0.##}\" height=\"{cell + 0.3:0.##}\" fill=\"{palette[cls]}\" fill-opacity=\"{opacity:0.##}\"/>"));
        }

        for (var i = 0; i < x.Rows; i++)
        {
            var label = y.Cols == 1 ? (int)y.Data[i] : IndexOfMax(y.Row(i));
            var sx = Left + ((x[i, 0] - x0) / (x1 - x0) * side);
            var sy = Top + ((y1 - x[i, 1]) / (y1 - y0) * side);
            sb.Append(Invariant($"<circle cx=\"{sx:0.#}\" cy=\"{sy:0.#}\" r=\"2.3\" fill=\"{palette[label]}\" stroke=\"#fff\" stroke-width=\"0.5\"/>"));
        }

        return Close(sb);
    }

    private static (int Class, double Confidence) Classify(Span<double> logits)
    {
        if (logits.Length == 1)
        {
            var prob = 1 / (1 + Math.Exp(-logits[0]));
            return (prob >= 0.5 ? 1 : 0, Math.Abs((2 * prob) - 1));
        }

        var k = IndexOfMax(logits);
        var sum = 0.0;
        foreach (var v in logits)
        {
            sum += Math.Exp(v - logits[k]);
        }

        return (k, ((1 / sum) - (1.0 / logits.Length)) / (1 - (1.0 / logits.Length)));
    }

    private static int IndexOfMax(Span<double> values)
    {
        var k = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[k])
            {
                k = i;
            }
        }

        return k;
    }

    /// <summary>A blue→green→yellow scale (viridis-like) for t in [0, 1].</summary>
    public static string Color(double t)
    {
        (double R, double G, double B)[] stops = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)];
        t = double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0;
        var s = t * (stops.Length - 1);
        var i = Math.Min((int)s, stops.Length - 2);
        var f = s - i;
        var (a, b) = (stops[i], stops[i + 1]);
        return Invariant($"rgb({a.R + ((b.R - a.R) * f):0},{a.G + ((b.G - a.G) * f):0},{a.B + ((b.B - a.B) * f):0})");
    }

    private static (double Lo, double Hi) LogRange(double min, double max)
    {
        var lo = Math.Floor(Math.Log10(Math.Max(min, 1e-300)));
        var hi = Math.Ceiling(Math.Log10(Math.Max(max, 1e-300)));
        return hi <= lo ? (lo, lo + 1) : (lo, hi);
    }

    private static void LogYAxis(StringBuilder sb, double lo, double hi, double width, double height)
    {
        var every = Math.Max(1, (int)Math.Ceiling((hi - lo) / 6));
        for (var e = lo; e <= hi; e += every)
        {
            var y = Top + ((hi - e) / (hi - lo) * (height - Top - Bottom));
            sb.Append(Invariant($"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>"));
            Text(sb, Left - 4, y + 3, $"1e{e:0}", "end");
        }
    }

    private static void LogXAxis(StringBuilder sb, double lo, double hi, double width, double height)
    {
        var every = Math.Max(1, (int)Math.Ceiling((hi - lo) / 6));
        for (var e = lo; e <= hi; e += every)
        {
            var x = Left + ((e - lo) / (hi - lo) * (width - Left - Right));
            sb.Append(Invariant($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{height - Bottom}\" stroke=\"#eee\"/>"));
            Text(sb, x, height - 8, $"1e{e:0}", "middle");
        }
    }

    private static StringBuilder Open(string css, double width, double height) =>
        new StringBuilder().Append(Invariant($"<svg class=\"{css}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"sans-serif\" font-size=\"10\">"));

    private static string Close(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static void Text(StringBuilder sb, double x, double y, string text, string anchor, string? css = null) =>
        sb.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"{anchor}\"{(css is null ? string.Empty : $" class=\"{css}\"")} fill=\"#333\">{WebUtility.HtmlEncode(text)}</text>"));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
