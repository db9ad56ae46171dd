using System.Globalization;
using System.Text.RegularExpressions;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim of notebooks/04-exploding-gradients.ipynb, read from the notebook's own printed outputs (the notebook is
/// run by the course runner; nothing here re-types its code, data, sizes or seeds).
/// </summary>
public partial class Notebook04ClaimsTests
{
    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("04-exploding-gradients");

    [Fact]
    public void Gain_Normal04IsOnePointSixTimesHe_NinthPowerIs68_7()
    {
        var (heStd, ours) = (Numbers("code-04", 0)[0], Numbers("code-04", 0)[1]);
        var gain = Numbers("code-04", 1);   // g, 9, g⁹

        Assert.Equal(ours / heStd, gain[0], 1e-12);   // He's σ gives g = 1, so g = σ / σ_He
        Assert.Equal(Math.Round(Math.Pow(gain[0], gain[1]), 1), gain[2]);
    }

    [Fact]
    public void GradientStd_LargeOverHe_IsTheGainToTheLayersPassed_HeFlatAfterTheOutputLayersDrop()
    {
        var gain = Numbers("code-04", 1)[0];
        var ratios = Numbers("code-06", 1)[1..];   // (normal(0.4) /) 10, ratio, 5, ratio, 1, ratio
        var flat = Numbers("code-06", 2);     // 1, 9, max/min over layers 1–9, 9, 10, layer 9 / layer 10

        for (var i = 0; i < ratios.Length; i += 2)
        {
            var layer = (int)ratios[i];
            var digits = layer == 1 ? 1 : 2;
            Assert.Equal(Math.Round(Math.Pow(gain, 10 - layer), digits), ratios[i + 1]);   // md-08: exactly g^(10−k)
        }

        Assert.InRange(Numbers("code-06", 0)[^1], 1 / 1.5, 1.5);   // md-05: the He line stays flat
        Assert.True(flat[2] < 1.5, $"He, layers 1–9: max/min {flat[2]}");
        Assert.True(flat[^1] < 1 / 3.0, "md-05: both lines first drop at the output layer");
    }

    [Fact]
    public void WeightScaleSlider_GradientRatioIsHesTimesGToTheEighth_VanishingBelowOneExplodingAbove()
    {
        var rows = Claims.Lines(Notebook.Output("code-08a")).Select(Claims.Numbers).ToArray();   // g, 1, 9, measured, He's, predicted
        var he = Numbers("code-06", 0)[^1];

        Assert.Equal([0.5, 0.75, 1, 1.25, 1.6, 2, 2.5, 3], rows.Select(r => r[0]));
        foreach (var row in rows)
        {
            Assert.Equal(row[5], row[3]);                                           // measured = He's × g⁸, exactly
            Assert.Equal(he, row[4]);
            Assert.Equal(he * Math.Pow(row[0], 8), row[3], 0.01 * row[3]);
            if (row[0] == 1)
            {
                Assert.Equal(he, row[3], 0.01);   // g = 1 is He
            }
            else
            {
                Assert.True(row[0] < 1 ? row[3] < he : row[3] > he, $"g = {row[0]}: below 1 the gradient vanishes toward the input, above it explodes");
            }
        }

        Assert.True(rows[0][3] < 1e-2 && rows[^1][3] > 1e3, "md-08a: from vanishing to exploding");
    }

    [Fact]
    public void InitialLoss_Normal04StartsConfidentlyWrong_HeStartsUnsure()
    {
        var (large, he) = (Claims.Lines(Notebook.Output("code-08c"))[0], Claims.Lines(Notebook.Output("code-08c"))[1]);
        var largeRatio = Claims.Numbers(large)[4];   // 0.4, measured, 0, expected, ratio
        var heRatio = Claims.Numbers(he)[^1];

        Assert.Contains("far above", large, StringComparison.Ordinal);
        Assert.True(largeRatio > 100, large);
        Assert.Contains("as expected", he, StringComparison.Ordinal);
        Assert.True(heRatio <= 2, he);
        Assert.InRange(Claims.Numbers(large)[1] / Numbers("code-10", 1)[^1], 0.5, 2);   // the trainer's first minibatch agrees
    }

    [Fact]
    public void PlainRun_DivergesAtStep3_PreActivationOfLayer5_LastLossAbove1e100()
    {
        var output = Claims.Lines(Notebook.Output("code-10"));

        Assert.StartsWith("Training diverged at step 3: the pre-activation of layer 5 became −∞.", output[0], StringComparison.Ordinal);
        Assert.True(Claims.Numbers(output[2])[^1] > 100, output[2]);                  // ‖dW₁‖ at step 0
        var last = Numbers("code-18", 0)[^1];
        Assert.True(last > 1e100, $"md-17: last recorded loss {last}");             // and so above the chart's 10⁴
    }

    [Fact]
    public void GradientHistograms_PlainRun_LayerOneLargest_OneUpdateShiftsEveryRowAboutFiveDecades()
    {
        var lines = Claims.Lines(Notebook.Output("code-11a")).Where(l => l.StartsWith("step", StringComparison.Ordinal)).ToArray();
        var step0 = Claims.LayerValues(lines[0]);
        var step1 = Claims.LayerValues(lines[1]);
        var (loss0, loss1) = (Claims.Numbers(lines[0])[1], Claims.Numbers(lines[1])[1]);

        Assert.Equal(2, lines.Length);
        Assert.True(step0[1] > step0[9], $"md-11a: at step 0 layer 1 gets the largest gradients: {lines[0]}");
        Assert.All(step0.Keys, k => Assert.InRange(step1[k] - step0[k], 3.5, 6.5));   // about five decades
        Assert.True(loss1 > 1e5 * loss0, $"loss {loss0} → {loss1}");
    }

    [Fact]
    public void ClippedRuns_TrainTheRunThatDiverged_LossFallsByOrdersOfMagnitude()
    {
        foreach (var line in Claims.Lines(Notebook.Output("code-13")))
        {
            var numbers = Claims.Numbers(line);   // 0.4, 1, first, last
            Assert.Contains("diverged: False", line, StringComparison.Ordinal);
            Assert.Equal(Numbers("code-10", 1)[^1], numbers[2]);   // the same first step as the run that diverged
            Assert.True(numbers[2] / numbers[3] > 1000, line);
        }
    }

    [Fact]
    public void ClipNorm_ActsAtEveryStep_RawNormFallsFastThenLevelsOffFarAboveTheThreshold()
    {
        var share = Numbers("code-16", 0);   // 100 (%), steps
        var raw = Numbers("code-16", 1);     // 0, first, last, factor
        var later = Numbers("code-16", 2);   // 20, at step 20, 20, last step, min, max

        Assert.Equal(100.0, share[0]);
        Assert.Equal(96.0, share[1]);
        Assert.True(raw[1] > 1000, "md-14: thousands of times above the threshold");
        Assert.Equal(Math.Round(raw[1] / raw[2]), raw[3]);
        Assert.True(later[1] < raw[1] / 20, "md-14: falls fast over the first 20 steps");
        Assert.True(later[4] > 10 && later[5] < 100, "md-14/17: levels off, never down to 1");
    }

    [Fact]
    public void LearningRateSlider_HeNetTrainsUpTo0_03_DivergesAt0_1AtStep6And0_3AtStep3()
    {
        var rows = Claims.Lines(Notebook.Output("code-18b"));

        Assert.Equal(6, rows.Length);
        Assert.All(rows[..4], r => Assert.Contains("trained 96 steps", r, StringComparison.Ordinal));
        Assert.Contains("diverged at step 6", rows[4], StringComparison.Ordinal);
        Assert.StartsWith("lr   0.1", rows[4], StringComparison.Ordinal);
        Assert.Contains("diverged at step 3", rows[5], StringComparison.Ordinal);
        Assert.True(Claims.Numbers(rows[2])[^1] < Claims.Numbers(rows[0])[^1], "lr 0.01 learns more than lr 0.001");
    }

    [Fact]
    public void UpdateToData_UnclippedStepsOverwriteTheWeights_ClippedAtOrBelowTheGuide()
    {
        var clipped = Numbers("code-18d", 0);   // 1, 96, min, max, layer
        var plain = Claims.Lines(Notebook.Output("code-18d"))[1..4].Select(Claims.Numbers).ToArray();   // step, min, max

        Assert.True(clipped[2] > 1e-4 && clipped[3] < 2e-3, "md-18d: at or below the 1e-3 guide");
        Assert.Equal(10.0, clipped[4]);                                     // the output layer highest
        Assert.True(plain[0][1] > 0.1, "the first update is a sizeable fraction of the weights");
        Assert.True(plain[1][1] > 1e4 && plain[2][1] > plain[1][2], "and grows without bound");
    }

    [Fact]
    public void ActivationStd_ClippedRun_GrowsWithDepth_OutputComesBackWhileHiddenLayersChangeLess()
    {
        var first = Claims.Signed(Claims.Lines(Notebook.Output("code-18e"))[0]);   // step, 1, std 1, 9, std 9, output std, output mean
        var last = Claims.Signed(Claims.Lines(Notebook.Output("code-18e"))[1]);

        Assert.True(first[4] > 10 * first[2], "std grows from layer 1 to layer 9");
        Assert.True(first[6] < -5 && Math.Abs(last[6]) < 0.5, "the output's mean comes back to the targets");
        Assert.True(first[5] / last[5] > 10, "the output's std shrinks by more than 10×");
        Assert.True(first[2] / last[2] < 2 && first[4] / last[4] < 2, "the hidden layers change far less");
    }

    [Fact]
    public void DeadShares_ClippedRun_LayerOneNone_NoLayerDiesOut()
    {
        var rows = Claims.Lines(Notebook.Output("code-18f")).Where(l => l.StartsWith("step", StringComparison.Ordinal))
            .Select(l => Claims.Numbers(l)[1..]).ToArray();

        Assert.Equal(4, rows.Length);
        Assert.All(rows, r => Assert.Equal(0.0, r[0]));
        Assert.All(rows, r => Assert.All(r, share => Assert.True(share < 0.5)));
        Assert.True(rows[^1].Average() < rows[0].Average(), "dead shares fall over training");
    }

    [Fact]
    public void RepeatedMatrix_NormGrowsLikeSigmaMaxToTheT()
    {
        var numbers = Claims.Numbers(Notebook.Output("code-21"));   // σ_max, ‖W³⁰v‖, σ_max³⁰, ratio, 20, ratio at t = 20

        Assert.True(numbers[0] > 1);
        Assert.Equal(numbers[2], Math.Pow(numbers[0], 30), 0.02 * numbers[2]);
        Assert.Equal(Math.Round(numbers[1] / numbers[2], 3), numbers[3], 0.0011);
        Assert.Equal(numbers[3], numbers[5]);   // md-22: the measured norms run parallel to σ_maxᵗ
    }

    [Fact]
    public void Recurrent_GradientGrowsBackInTime_SgdFallsOffACliff_ClippingTrains()
    {
        var state = Claims.Numbers(Notebook.Output("code-24a"));   // 20, ‖·‖ at 20, 1, ‖·‖ at 1, factor
        var runs = Claims.Lines(Notebook.Output("code-24f"));
        var noClip = Claims.Numbers(runs[0]);                      // first, last, largest norm
        var clip = Claims.Numbers(runs[1]);                        // 1, first, last, largest norm

        Assert.Equal(state[3] / state[1], state[4], 0.2);
        Assert.True(state[4] > 1, "md-24b: larger at t = 1");
        Assert.True(noClip[1] > 1e50 && noClip[2] > 1e20, runs[0]);
        Assert.True(clip[2] < clip[1] / 5, runs[1]);
    }

    /// <summary>The numbers of line <paramref name="line"/> of a cell's output (unsigned).</summary>
    private static double[] Numbers(string cell, int line) => Claims.Numbers(Claims.Lines(Notebook.Output(cell))[line]);
}
