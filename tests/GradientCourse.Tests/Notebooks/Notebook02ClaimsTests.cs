namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim the prose of notebooks/02-activations-and-saturation.ipynb makes, checked on what the notebook printed
/// when the course runner executed it (nothing re-typed: change a cell and these tests read the new numbers).
/// </summary>
public class Notebook02ClaimsTests
{
    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("02-activations-and-saturation");

    /// <summary>The saturation table of code-19: (scale, std(h), share saturated in %, median σ'(h)) per row.</summary>
    private static (double Scale, double Std, double SharePercent, double Median)[] Saturation =>
        Claims.Lines(Notebook.Output("code-19")).Skip(1).Select(Claims.Numbers).Select(n => (n[0], n[1], n[2], n[3])).ToArray();

    [Fact]
    public void Bounds_SigmoidQuarterAtZero_TanhReluLeakyOne_ReluKinkUsesZero()
    {
        var output = Notebook.Output("code-04");
        double Value(string activation, string label) =>
            Claims.After(Claims.Lines(output).Single(l => l.StartsWith(activation + " ", StringComparison.Ordinal)), label);

        Assert.Equal(0.25, Value("sigmoid", "f'(0) ="));
        Assert.Equal(0.25, Value("sigmoid", "max f' ="));
        Assert.Equal(1.0, Value("tanh", "f'(0) ="));
        Assert.Equal(1.0, Value("tanh", "max f' ="));
        Assert.Equal(1.0, Value("relu", "max f' ="));
        Assert.Equal(1.0, Value("leaky_relu", "max f' ="));
        Assert.Equal(0.0, Value("relu", "f'(0) ="));            // md-05: "this one uses f'(0) = 0"
        Assert.Equal(4.0, Value("tanh", "max f' =") / Value("sigmoid", "max f' ="));   // md-09: "four times the sigmoid's best"
    }

    [Fact]
    public void SigmoidAtTen_Output0_99995_Derivative4_5eMinus5_CutByMoreThanTwentyThousand()
    {
        var output = Notebook.Output("code-08");
        var atTen = Claims.Line(output, "x =   10");

        Assert.Equal(0.99995, Claims.After(atTen, "σ ="));
        Assert.Equal(4.5e-5, Claims.After(atTen, "library σ' ="), 1e-15);
        Assert.True(Claims.After(Claims.Line(output, "divided by"), "1/σ'(10) =") > 20_000, output);
        foreach (var line in Claims.Lines(output).Where(l => l.StartsWith("x =", StringComparison.Ordinal)))
        {
            Assert.Equal(Claims.After(line, "library σ' ="), Claims.After(line, "σ(1−σ) ="));   // the output form is the derivative
        }

        var prose = Notebook.Source("md-09");
        Assert.Contains("$0.99995$", prose, StringComparison.Ordinal);
        Assert.Contains("$4.5 \\times 10^{-5}$", prose, StringComparison.Ordinal);
        Assert.Contains("more than twenty thousand", prose, StringComparison.Ordinal);
    }

    [Fact]
    public void Tanh_IsRescaledSigmoid_AtEveryPrintedX()
    {
        var lines = Claims.Lines(Notebook.Output("code-10"));

        Assert.Equal(4, lines.Length);
        foreach (var line in lines)
        {
            // "x = 1   tanh = +0.7616   1 − tanh² = 4.2e-01   2σ(2x) − 1 = +0.7616": the same sign and four decimals
            var columns = line.Split("   ");
            Assert.StartsWith("tanh =", columns[1], StringComparison.Ordinal);
            Assert.StartsWith("2σ(2x) − 1 =", columns[3], StringComparison.Ordinal);
            Assert.Equal(columns[1].Split('=')[1].Trim(), columns[3].Split('=')[1].Trim());
        }
    }

    [Fact]
    public void Relu_AboutHalfOfStandardNormalInputsGiveExactZero_LeakySlope0_01()
    {
        var output = Notebook.Output("code-12");

        var share = Claims.After(Claims.Line(output, "share of ReLU outputs"), "exactly 0:");
        Assert.InRange(share, 45, 55);                          // md-11: "about half the units output exactly 0"
        Assert.Equal(0.0, Claims.After(Claims.Line(output, "relu'(−2)"), "relu'(−2) ="));
        Assert.Equal(1.0, Claims.After(Claims.Line(output, "relu'(−2)"), "relu'(0.5) ="));
        Assert.Equal(0.01, Claims.After(Claims.Line(output, "leaky'(−2)"), "leaky'(−2) ="));   // md-05, md-11: slope 0.01
    }

    [Fact]
    public void QuarterToTheFifth_Is0_0009765625_About0_00098_OneDecadeEvery1_7Layers()
    {
        var output = Notebook.Output("code-14");

        Assert.Equal([0.25, 5, 0.0009765625, 0.00098], Claims.Numbers(Claims.Line(output, "0.25^5 =")));
        Assert.Equal(1.7, Claims.After(Claims.Line(output, "layers per decade"), ":"));
        var rows = Claims.Lines(output).Where(l => l.StartsWith("n =", StringComparison.Ordinal))
            .ToDictionary(l => Claims.After(l, "n ="), l => (Quarter: Claims.After(l, "0.25^n ="), One: Claims.After(l, "1^n =")));
        Assert.Equal([1.0, 5, 10, 20], rows.Keys);
        Assert.All(rows.Values, r => Assert.Equal(1.0, r.One));                // 1^n stays 1
        Assert.Equal(9.8e-4, rows[5].Quarter, 1e-15);
        Assert.True(rows[10].Quarter < 1e-6, "0.25^10 is below a millionth");
        Assert.Contains("0.25^5 = 0.0009765625 \\approx 0.00098", Notebook.Source("md-13"), StringComparison.Ordinal);
        Assert.Contains("about every $1.7$ layers", Notebook.Source("md-15"), StringComparison.Ordinal);
    }

    [Fact]
    public void SaturationEdge_SigmoidDerivativeCrosses0_01Between4_5And4_6()
    {
        var line = Claims.Line(Notebook.Output("code-18a"), "⇔");

        Assert.Equal(4.6, Claims.After(line, "|h| >"));
        Assert.True(Claims.After(line, "σ'(4.5) =") > 0.01, line);
        Assert.True(Claims.After(line, "σ'(4.6) =") < 0.01, line);
        Assert.Contains("$\\pm 4.6$", Notebook.Source("md-20"), StringComparison.Ordinal);
    }

    [Fact]
    public void Saturation_StdOfPreActivationsIsAbout16TimesTheScale()
    {
        Assert.Equal([0.01, 0.05, 0.1, 0.2, 0.5, 1.0], Saturation.Select(r => r.Scale));
        Assert.All(Saturation, r => Assert.InRange(r.Std / (16 * r.Scale), 0.95, 1.05));
        Assert.Contains("$s\\sqrt{256} = 16\\,s$", Notebook.Source("md-17"), StringComparison.Ordinal);
    }

    [Fact]
    public void Saturation_ShareRisesFrom0_0PercentTo76_9Percent_ThreeInFourAtScale1()
    {
        var rows = Saturation;

        Assert.Equal(0.0, rows[0].SharePercent);
        Assert.Equal(76.9, rows[^1].SharePercent);
        for (var i = 1; i < rows.Length; i++)
        {
            Assert.True(rows[i].SharePercent >= rows[i - 1].SharePercent, $"share at scale {rows[i].Scale} fell below the previous one");
        }

        Assert.True(rows[^1].SharePercent >= 75, "three units in four at scale 1");
        Assert.True(rows[4].SharePercent > 50, "more than half at scale 0.5");
        Assert.Equal(8, Math.Round(rows[4].Std));                // std(h) ≈ 8 at s = 0.5
        foreach (var cell in new[] { "md-20", "md-25" })
        {
            Assert.Contains("$0.0\\%$", Notebook.Source(cell), StringComparison.Ordinal);
            Assert.Contains("$76.9\\%$", Notebook.Source(cell), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Derivatives_SmallScalesPileUpJustBelowAQuarter_LargeScalesAtZero()
    {
        var rows = Saturation;

        Assert.InRange(rows[0].Median, 0.24, 0.25);             // md-22: "pile up just below 0.25"
        Assert.True(rows[4].Median < 0.01 && rows[5].Median < 0.01, "at s = 0.5 and 1 the median unit is saturated");
        for (var i = 1; i < rows.Length; i++)
        {
            Assert.True(rows[i].Median <= rows[i - 1].Median, $"median at scale {rows[i].Scale} rose");
        }

        var prose = Notebook.Source("md-22");
        Assert.Contains($"median ${rows[0].Median:0.0000}$ at $s = 0.01$", prose, StringComparison.Ordinal);
        Assert.Contains($"(medians ${rows[4].Median:0.0000}$ and ${rows[5].Median:0.0000}$)", prose, StringComparison.Ordinal);
    }

    [Fact]
    public void GoodScale_OneOverSqrtFanIn_KeepsStdNearOneAndNoUnitSaturated()
    {
        var line = Claims.Line(Notebook.Output("code-24a"), "std(h)");

        Assert.Equal(1.0 / 16, Claims.After(line, "1/√256 ="));
        Assert.InRange(Claims.After(line, "std(h) ="), 0.95, 1.05);
        Assert.Equal(0.0, Claims.After(line, "σ'(h) < 0.01:"));
        Assert.Contains("$s \\approx 1/16$", Notebook.Source("md-24"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("code-21")]
    [InlineData("code-23")]
    public void SliderCharts_EveryFrameCountsAll16384Values(string cell)
    {
        var figure = Claims.Figure(Assert.Single(Notebook.Data(cell, "text/html")));

        var traces = figure["data"]!.AsArray();
        Assert.Equal(6, traces.Count);                          // one frame per weight scale
        Assert.All(traces, t => Assert.Equal(64 * 256, t!["y"]!.AsArray().Sum(v => v!.GetValue<double>())));
        Assert.All(traces, t => Assert.DoesNotContain("outside", t!["name"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Contains("$64 \\times 256 = 16{,}384$", Notebook.Source("md-20"), StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_EachFigureUnder60KB()
    {
        Notebook.AssertEveryChartUnder(60_000);
    }
}
