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
}
