namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim of notebooks/07-batch-normalization.ipynb, read from the notebook's own printed outputs (the notebook is
/// run by the course runner; nothing here re-types its code).
/// </summary>
public class Notebook07ClaimsTests
{
    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("07-batch-normalization");

    [Fact]
    public void BatchNorm1d_ByHand_LibraryAgreesToRoundingAndRunningStatisticsMatch()
    {
        var maxDiff = Claims.Numbers(Notebook.Output("code-07"))[^1];
        Assert.True(maxDiff < 1e-12, $"max |library − by hand| = {maxDiff}");

        foreach (var line in Claims.Lines(Notebook.Output("code-09")))
        {
            var halves = line.Split("by hand");
            Assert.Equal(Claims.Numbers(halves[0]), Claims.Numbers(halves[1]));
        }
    }

    [Fact]
    public void RunningStatistics_MoreBatches_TrainEvalGapShrinksButStaysPositive()
    {
        var gaps = Claims.Lines(Notebook.Output("code-11")).Select(l => Claims.Numbers(l)[^1]).ToArray();

        Assert.Equal(3, gaps.Length);
        Assert.True(gaps[0] > 1 && gaps[1] < gaps[0] && gaps[2] < gaps[1] && gaps[2] > 0, string.Join(", ", gaps));
    }

    [Fact]
    public void DeepSigmoid_BatchNorm_TrainsWherePlainStaysAtVarianceAndKeepsGradientsLevel()
    {
        var plainLoss = Claims.Numbers(Notebook.Output("code-13"))[^1];
        var normed = Claims.Lines(Notebook.Output("code-14"));
        var normedLoss = Claims.Numbers(normed[1])[0];
        var (tailWithout, tailWith) = (Claims.Numbers(normed[2])[^2], Claims.Numbers(normed[2])[^1]);
        var firstToLast = Claims.Lines(Notebook.Output("code-19"));

        Assert.InRange(plainLoss, 0.50, 0.53);                   // md-15: at the variance of the targets (0.514)
        Assert.True(normedLoss < 0.1 * plainLoss, $"with {normedLoss}, without {plainLoss}");
        Assert.True(tailWith < tailWithout / 5, $"md-15: last 20 steps with {tailWith}, without {tailWithout}");
        Assert.True(Claims.Numbers(firstToLast[0])[^2] < 1e-10, firstToLast[0]);   // md-17: collapses by twelve orders
        Assert.True(Claims.Numbers(firstToLast[0])[^1] > 1, firstToLast[0]);        // md-17: layer 1 gets more than the output layer
        Assert.InRange(Claims.Numbers(firstToLast[1])[^1], 100, 999);               // md-17: "a factor of a few hundred"
    }

    [Fact]
    public void XrayTable_BatchNormRestoresSpreadLowersSlopeAndMultipliesGradientBack()
    {
        var lines = Claims.Lines(Notebook.Output("code-19b"));
        var rows = lines.Skip(2).Take(5).Select(Claims.Numbers).ToArray();
        var gains = Claims.Numbers(lines[7]);
        var slopes = Claims.Numbers(lines[8]);
        var factor = Claims.Numbers(lines[9])[^1];

        Assert.All(rows, r => Assert.InRange(r[2], 0.99, 1.01));            // spread of the sigmoid's input with BN
        Assert.True(rows[^1][1] < 1e-10, $"plain spread at layer 19 {rows[^1][1]}"); // collapsed without BN
        Assert.True(gains[^2] > 1 && gains[^1] > gains[^2], string.Join(", ", gains)); // γ/σ_B > 1 at every layer
        Assert.True(slopes[^1] < slopes[0], $"mean σ′ with BN {slopes[^1]} is below the plain minimum {slopes[0]}");
        Assert.True(slopes[0] >= 0.2, "the plain net is not saturated: mean σ′ ≥ 0.2 at every layer");
        Assert.InRange(factor, 0.2, 0.25);
    }

    [Fact]
    public void DenseBiasBeforeBatchNorm_GradientNineOrdersBelowWeights()
    {
        var numbers = Claims.Numbers(Notebook.Output("code-21"));

        Assert.True(numbers[^1] > 1e9 * numbers[1], string.Join(", ", numbers));
    }

    [Fact]
    public void ReluLearningRateSweep_BatchNorm_ToleratesPointThreeButNotOne()
    {
        var rows = Claims.Lines(Notebook.Output("code-24")).Skip(1).ToArray();

        Assert.DoesNotContain("diverged", rows[2]);                             // lr 0.1 without
        Assert.Contains("diverged at step 3", rows[3]);                         // lr 0.3 without
        Assert.Equal(rows[3].IndexOf("diverged", StringComparison.Ordinal), rows[3].LastIndexOf("diverged", StringComparison.Ordinal)); // with BN it trains at 0.3
        Assert.True(Claims.Numbers(rows[4])[^1] > 1e10, rows[4]);               // at 1.0 the normalized loss is astronomical
    }

    [Fact]
    public void XrayInitialLoss_BothPlausible_PlainOutputTheSameForEveryInput()
    {
        var lines = Claims.Lines(Notebook.Output("code-19d"));
        double Ratio(string line) => Claims.Numbers(line[line.IndexOf("; ratio", StringComparison.Ordinal)..])[0];

        Assert.All(new[] { lines[0], lines[2] }, l => Assert.Contains("as expected", l, StringComparison.Ordinal));
        Assert.All(new[] { Ratio(lines[0]), Ratio(lines[2]) }, r => Assert.InRange(r, 1, 2));
        Assert.True(Claims.Numbers(lines[1])[^1] < 1e-10, lines[1]);   // md-19e: the forward signal is gone
        Assert.True(Claims.Numbers(lines[3])[^1] > 0.1, lines[3]);     // with batch norm the output varies with x
    }

    [Fact]
    public void XrayActivationHistograms_PlainNeverSaturates_BatchNormSpreadsThenSaturatesOnlyTheFirstThreeLayers()
    {
        // step, std min, std max, then "layer k s %" for layers 1–3 and "layers 4–19 at most s %"
        var rows = Claims.Lines(Notebook.Output("code-19e")).Where(l => l.Contains("saturated", StringComparison.Ordinal)).ToArray();
        var plain = rows.Where(l => l.StartsWith("sigmoid, no batch norm", StringComparison.Ordinal)).Select(Claims.Numbers).ToArray();
        var normed = rows.Where(l => l.StartsWith("sigmoid + batch norm", StringComparison.Ordinal)).Select(Claims.Numbers).ToArray();
        static double[] Saturated(double[] row) => [row[4], row[6], row[8], row[11]];

        Assert.Equal([0.0, 10, 30, 99], plain.Select(r => r[0]));
        Assert.All(plain, r => Assert.Equal([0.0, 0, 0, 0], Saturated(r)));
        Assert.Equal([0.0, 0, 0, 0], Saturated(normed[0]));
        Assert.True(normed[0][1] > 0.2 && normed[0][2] < 0.25, "with BN every layer starts spread (std 0.212 to 0.220)");
        Assert.Equal([49.0, 31, 6, 0], Saturated(normed[1]));      // md-19e: step 10
        Assert.Equal([48.0, 28, 8, 0], Saturated(normed[^1]));     // md-19e: step 99
    }

    [Fact]
    public void XrayGradientHistograms_PlainInputSideGoneAtEveryStep_BatchNormLayerOneLargestAtStepZeroThenLevel()
    {
        var rows = Claims.Lines(Notebook.Output("code-19g")).Where(l => l.Contains("median", StringComparison.Ordinal)).ToArray();
        double[] Medians(string l) => Claims.Numbers(l[l.IndexOf("median", StringComparison.Ordinal)..]);   // 1, layer 1, 20, layer 20
        var plain = rows.Where(l => l.StartsWith("sigmoid, no batch norm", StringComparison.Ordinal)).Select(Medians).ToArray();
        var normed = rows.Where(l => l.StartsWith("sigmoid + batch norm", StringComparison.Ordinal)).Select(Medians).ToArray();

        Assert.Equal(4, plain.Length);
        Assert.All(plain, m => Assert.True(m[1] < 1e-12 && m[3] > 1e-2, string.Join(", ", m)));
        Assert.True(normed[0][1] > 100 * normed[0][3], "at step 0 layer 1 gets far more than the output layer");
        Assert.All(normed.Skip(1), m => Assert.InRange(m[1] / m[3], 0.1, 1));   // md-19g: within a factor of ten from step 10 on
    }

    [Fact]
    public void XrayActivationStatistics_BatchNormStdWithinItsRange_PlainStdNotTinyYetExamplesIndistinguishable()
    {
        var lines = Claims.Lines(Notebook.Output("code-19i"));
        var plain = Claims.Numbers(lines[0]);    // std min, max, mean min, max
        var normed = Claims.Numbers(lines[1]);
        var spreadAtLayer19 = Claims.Numbers(Claims.Lines(Notebook.Output("code-19b"))[6])[1];   // the scan: spread across examples

        Assert.True(normed[0] >= 0.2 && normed[1] < 0.5, lines[1]);
        Assert.True(normed[2] > 0.45 && normed[3] < 0.55, lines[1]);
        Assert.True(plain[0] > 0.01, lines[0]);                            // md-19i: not tiny …
        Assert.True(spreadAtLayer19 < 1e-10, $"… yet across examples the spread is {spreadAtLayer19}");
    }

    [Fact]
    public void XrayUpdateToData_PlainLayerOneNeverMoves_BatchNormMostLayersNearGuideLayerOneSpentByItsFirstStep()
    {
        var lines = Claims.Lines(Notebook.Output("code-19j"));
        var plain = Claims.Numbers(lines[0]);    // 1, layer-1 ratio, 20, layer-20 ratio, 10, 1e-3, count, of
        var normed = Claims.Numbers(lines[1]);
        var layer1 = Claims.Numbers(lines[2]);   // 1, step-0 ratio, 0, later median, 1, 99, W₁ std fresh, trained

        Assert.Equal([3.0, 20], plain[^2..]);
        Assert.Equal([14.0, 20], normed[^2..]);
        Assert.True(plain[1] < 1e-12, lines[0]);
        Assert.True(layer1[1] > 1, $"the first update is larger than the weights: {layer1[1]}");
        Assert.True(layer1[3] < 1e-5, $"afterwards layer 1 barely moves: {layer1[3]}");
        Assert.True(layer1[^1] > 3 * layer1[^2], "its weights grew");
    }
}
