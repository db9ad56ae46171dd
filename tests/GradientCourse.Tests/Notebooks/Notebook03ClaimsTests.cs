using System.Globalization;
using System.Text.RegularExpressions;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim of notebooks/03-vanishing-gradients.ipynb, read from the notebook's own printed outputs (the notebook is
/// run by the course runner; nothing here re-types its code, data, sizes or seeds).
/// </summary>
public partial class Notebook03ClaimsTests
{
    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("03-vanishing-gradients");

    [Fact]
    public void Sigmoid_AtInitialization_LayerOneGetsTwelveDecadesLess_AverageFactorJustBelowTheBound()
    {
        var ratio = Numbers("code-06", 0)[^1];   // ‖dW₁‖ / ‖dW₂₀‖
        var (factor, bound) = (Numbers("code-06", 1)[0], Numbers("code-06", 1)[1]);

        Assert.InRange(ratio, 1e-13, 1e-12);                                      // md-07: 2.9 × 10⁻¹³
        Assert.True(Math.Abs(Math.Pow(ratio, 1.0 / 19) - factor) < 0.01, $"factor {factor} is not ratio^(1/19)");
        Assert.InRange(factor, 0.2, bound - 0.01);                                // "a little below the sigmoid's bound"
        Assert.Equal(0.25, bound);
    }

    [Fact]
    public void DepthSlider_LayerOneFallsByAboutTheBackwardFactorPerAddedLayer_DepthTwentyIsTheNetworkAbove()
    {
        var lines = Claims.Lines(Notebook.Output("code-08a"));
        var rows = lines.Take(4).Select(Claims.Numbers).ToArray();   // L, ‖dW₁‖, ‖dW_L‖, ratio
        var perAddedLayer = Claims.Numbers(lines[4])[0];
        var outputLayer = Claims.Numbers(lines[5]);

        Assert.Equal([2.0, 10, 20, 30], rows.Select(r => r[0]));
        for (var i = 1; i < rows.Length; i++)
        {
            Assert.True(rows[i][1] < 1e-3 * rows[i - 1][1], $"‖dW₁‖ at L = {rows[i][0]} is not far below L = {rows[i - 1][0]}");
        }

        Assert.Equal(Numbers("code-06", 0)[^1], rows[2][^1]);                     // the L = 20 frame is code-06's network
        Assert.True(Math.Abs(Math.Pow(rows[^1][1] / rows[0][1], 1.0 / 28) - perAddedLayer) < 0.01, lines[4]);
        Assert.True(Math.Abs(perAddedLayer - Numbers("code-06", 1)[0]) <= 0.02, "per added layer ≈ per layer of one network");
        Assert.True(perAddedLayer < 0.25, lines[4]);
        Assert.True(outputLayer[0] > 1e-2 && outputLayer[1] < 10, $"the output layer's ‖dW_L‖ stays near 1: {lines[5]}");
    }

    [Fact]
    public void InitialLoss_SigmoidNet_StartsUnsure_NearTheLossOfAnOutputOfZero()
    {
        var line = Notebook.Output("code-08c");
        var numbers = Claims.Numbers(line);   // measured, 0 (an output of 0), expected, ratio

        Assert.Contains("as expected", line, StringComparison.Ordinal);
        Assert.InRange(numbers[^1], 0.5, 2);
        Assert.Equal(numbers[0] / numbers[2], numbers[^1], 0.01);
    }

    [Fact]
    public void SigmoidTraining_LayerOneFrozen_RowsSpanMoreThanTenDecades_OutputLayerMoves()
    {
        var layer1 = Numbers("code-13", 0);    // 1, min, max
        var layer20 = Numbers("code-13", 1);   // 20, min, max
        var changes = Claims.Lines(Notebook.Output("code-15")).Select(Claims.Numbers).ToArray();   // layer, relative change

        Assert.Contains("100 steps", Notebook.Output("code-10"), StringComparison.Ordinal);
        Assert.True(layer1[2] / layer1[1] < 2, "md-16: layer 1's norm stays within a factor 2 at every step");
        Assert.True(layer20[1] / layer1[2] > 1e10, "md-11: the rows span more than ten orders of magnitude");
        Assert.Equal(1.0, changes[0][0]);
        Assert.True(changes[0][1] < 1e-10, "md-16: layer 1 moved by nothing");
        Assert.Equal(20.0, changes[^1][0]);
        Assert.True(changes[^1][1] > 0.1, "md-16: the output layer moved by more than a tenth of its size");
    }

    [Fact]
    public void SigmoidTraining_LossEqualsTheVarianceOfYToThreeDecimals()
    {
        var (loss, variance) = (Numbers("code-17", 0)[0], Numbers("code-17", 0)[1]);

        Assert.Equal(Math.Round(variance, 3), Math.Round(loss, 3));
        Assert.True(Math.Abs(loss - variance) < 5e-4, $"loss {loss}, variance {variance}");
    }

    [Fact]
    public void UpdateToData_LayerOneElevenDecadesBelowTheGuide_OutputLayerAbove()
    {
        var numbers = Numbers("code-19-ratio", 0);   // 1, layer 1, 10, layer 10, 20, layer 20

        Assert.Equal(11, Math.Round(Math.Log10(1e-3 / numbers[1])));
        Assert.True(numbers[3] < 1e-3 && numbers[3] > numbers[1], "layer 10 in between");
        Assert.True(numbers[5] > 1e-3, "md-19-ratio2: the output layer moves faster than the guide");
    }

    [Fact]
    public void GradientHistograms_AStaircaseOfTheBackwardFactorPerLayer_UnmovedByTraining()
    {
        var lines = Claims.Lines(Notebook.Output("code-19-hist")).Where(l => l.StartsWith("step", StringComparison.Ordinal)).ToArray();
        var first = Claims.LayerValues(lines[0]);
        var last = Claims.LayerValues(lines[1]);

        Assert.Equal([1, 10, 19, 20], first.Keys);
        Assert.True(first[1] < first[10] && first[10] < first[19] && first[19] < first[20], lines[0]);
        var factor = Math.Pow(10, (first[1] - first[19]) / 18);   // per layer, going down
        Assert.True(Math.Abs(factor - Numbers("code-06", 1)[0]) < 0.03, $"one step of the staircase is ×{factor}, the backward factor per layer");
        Assert.All(first.Keys, k => Assert.True(Math.Abs(last[k] - first[k]) < 0.5, $"layer {k} moved from {first[k]} to {last[k]}"));
    }

    [Fact]
    public void ActivationHistograms_UnitsGiveOneValueForAllExamples_NothingSaturatedAtAnySnapshot()
    {
        var lines = Claims.Lines(Notebook.Output("code-19g")).Where(l => l.StartsWith("step", StringComparison.Ordinal)).ToArray();
        var scanLayer19 = Numbers("code-19b", 5)[1];   // Xray.Scan's spread at layer 19, all 256 points

        Assert.Equal(4, lines.Length);
        foreach (var numbers in lines.Select(Claims.Numbers))   // step, 1, spread 1, 19, spread 19, saturated share
        {
            Assert.True(numbers[4] < 1e-11 * numbers[2], $"step {numbers[0]}: spread at layer 19 {numbers[4]}, layer 1 {numbers[2]}");
            Assert.InRange(numbers[4] / scanLayer19, 0.5, 2);   // the batch's spread agrees with the scan of all points
            Assert.Equal(0.0, numbers[^1]);
        }
    }

    [Fact]
    public void ActivationStatistics_HiddenLayersInTheSigmoidsMiddle_OutputOneNumberForAllExamples()
    {
        var hidden = Numbers("code-19h", 0);   // std min, max, mean min, max
        var output = Numbers("code-19h", 1)[0];

        Assert.True(hidden[0] > 0.01 && hidden[1] < 0.25, "hidden std: neither collapsed nor saturating");
        Assert.True(hidden[2] > 0.25 && hidden[3] < 0.75, "hidden mean in the sigmoid's steep middle");
        Assert.True(output < 1e-12, $"output std across the batch {output}");
    }

    [Fact]
    public void Tanh_AtInitialization_TwelveDecadesAboveSigmoid_NearlyFlat_AndLearns()
    {
        var ratio = Numbers("code-21", 0)[0];
        var spread = Numbers("code-21", 1)[0];
        var (loss, variance) = (Numbers("code-21", 2)[0], Numbers("code-21", 2)[1]);

        Assert.Equal(12, Math.Floor(Math.Log10(ratio / Numbers("code-06", 0)[^1])));   // md-22: twelve orders apart
        Assert.InRange(ratio, 0.1, 10);
        Assert.True(spread < 5, "md-22: the tanh line stays nearly flat");
        Assert.Equal(Numbers("code-17", 0)[1], variance);
        Assert.True(loss < variance / 5, "md-24: far below the constant prediction");
    }

    [Fact]
    public void Tanh_DuringTraining_GradientDecaysTowardTheInputByAboutOneDecade_LayerOneStillMoves()
    {
        var early = Numbers("code-28", 0)[^1];
        var late = Numbers("code-28", 1)[^1];
        var moved = Numbers("code-28", 2);   // 1, layer 1, 20, layer 20, 20, median

        Assert.True(late < early / 2, $"md-26: the bottom rows darken (first 5 steps {early}, last 20 {late})");
        Assert.InRange(Math.Log10(late), -1.5, -0.5);   // about one order of magnitude
        Assert.True(moved[1] > moved[^1], "md-26: layer 1 moves more than the median layer");
    }

    [Fact]
    public void GradientMap_SigmoidRowsFallAtEveryDepth_AlongTheBoundsSlope_GlorotBelowHeAbove()
    {
        var lines = Claims.Lines(Notebook.Output("code-33"));
        var rows = lines[1..^1].Select(Claims.Numbers).ToArray();   // L, glorot, he, bound
        var slopes = Claims.Numbers(lines[^1]);                      // decades per layer, unsigned: glorot, he, bound

        Assert.Equal("6 rows × 15 depths", Notebook.Output("code-30").Trim());
        Assert.Equal(15, rows.Length);
        for (var i = 1; i < rows.Length; i++)
        {
            Assert.True(rows[i][1] < rows[i - 1][1] && rows[i][2] < rows[i - 1][2], $"md-31: depth {rows[i][0]} is not below depth {rows[i - 1][0]}");
        }

        Assert.Equal(30.0, rows[^1][0]);
        Assert.True(rows[^1][1] < rows[^1][3] && rows[^1][3] < rows[^1][2], "md-34: at L = 30 Glorot ends below the bound, He above");
        Assert.Equal(Math.Round(Math.Log10(4), 2), slopes[2]);
        Assert.True(slopes[0] > slopes[2] && slopes[1] < slopes[2], "Glorot falls faster than the bound, He slower");
        Assert.All(slopes[..2], s => Assert.InRange(s, slopes[2] - 0.15, slopes[2] + 0.15));
    }

    [Fact]
    public void GradientMap_TanhAndReluRows_WithinHalfADecadeAtEveryDepth()
    {
        var rows = Claims.Lines(Notebook.Output("code-36"));

        Assert.Equal(4, rows.Length);
        Assert.All(rows, r => Assert.True(Claims.Numbers(r)[^1] <= 0.5, r));
    }

    /// <summary>The numbers of line <paramref name="line"/> of a cell's output (unsigned).</summary>
    private static double[] Numbers(string cell, int line) => Claims.Numbers(Claims.Lines(Notebook.Output(cell))[line]);
}
