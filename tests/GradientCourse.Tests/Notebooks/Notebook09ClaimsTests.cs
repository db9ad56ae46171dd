namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim of notebooks/09-case-study-electricity.ipynb, read from the notebook's own printed outputs (the notebook
/// is run by the course runner; nothing here re-types its data split, its models or its training runs).
/// </summary>
public sealed class Notebook09ClaimsTests
{
    private static readonly string[] LongerRunCells = ["code-28", "code-28b", "code-28c"];

    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("09-case-study-electricity");

    private static double AverageRmse => Claims.Numbers(Notebook.Output("code-14"))[^1];

    [Fact]
    public void Split_EveryFourthWeekHeldOut_CoversAllSeasons()
    {
        var hours = Claims.Numbers(Claims.Lines(Notebook.Output("code-04"))[0])[0];
        var split = Claims.Lines(Notebook.Output("code-12"));
        var (train, valid) = (Claims.Numbers(split[1])[0], Claims.Numbers(split[1])[1]);

        Assert.Equal(8760, hours);
        Assert.Equal(6576, train);
        Assert.Equal(2184, valid);
        Assert.Equal(hours, train + valid);
        Assert.Equal([12.0], Claims.Numbers(split[2]));   // whole weeks from every month: all seasons are validated
    }

    [Fact]
    public void Runs_TwoEpochsOfBatches64_Are206Steps_FourTimesTheStepsInAll()
    {
        Assert.Equal(206, Claims.Numbers(Notebook.Output("code-16"))[0]);
        Assert.Equal(206, Claims.Numbers(Claims.Lines(Notebook.Output("code-22"))[1])[0]);
        Assert.Equal(824, Claims.Numbers(Notebook.Output("code-28c"))[0]);   // 206 + 6 more epochs: four times the steps
    }

    [Fact]
    public void DeepSigmoid_LossStaysNearOne_NoBetterThanAlwaysTheAverage()
    {
        var lastLosses = Claims.Numbers(Notebook.Output("code-20"));   // 50, shallow, deep sigmoid
        var shallowRmse = Claims.Numbers(Notebook.Output("code-16"))[^1];
        var sigmoidRmse = Claims.Numbers(Notebook.Output("code-18"))[0];

        Assert.InRange(lastLosses[2], 0.9, 1.2);                 // md-19: wobbles around 1, the variance of the target
        Assert.True(lastLosses[1] < lastLosses[2] / 5, "the shallow net's loss falls");
        Assert.True(sigmoidRmse >= AverageRmse - 1.0, $"deep sigmoid {sigmoidRmse} MW vs average {AverageRmse} MW");
        Assert.True(shallowRmse < AverageRmse / 2, $"the shallow net fits: {shallowRmse} MW");
    }

    [Fact]
    public void DeepSigmoid_FirstLayerGradientVanishes_UpdateRatioFarBelowHealthy()
    {
        var gradients = Claims.Lines(Notebook.Output("code-22"));
        var ratios = Claims.Numbers(Notebook.Output("code-26"));   // 1, layer-1 ratio, 11, layer-11 ratio

        Assert.True(Claims.Numbers(gradients[0])[^1] < 1e-4, gradients[0]);   // ‖dW₁‖/‖dW_last‖ at step 0
        Assert.True(ratios[1] < 1e-5, $"layer 1 update:data {ratios[1]}");
        Assert.True(ratios[3] > 1e-3, $"the output layer moves: {ratios[3]}");
        Assert.EndsWith("the smallest ‖dW‖ is layer 1's", gradients[1], StringComparison.Ordinal);   // exercise 09.3: the input layer gets the least
    }

    [Fact]
    public void MoreEpochs_DoNotHelpTheDeepSigmoidNet()
    {
        var sigmoidRmse = Claims.Numbers(Notebook.Output("code-18"))[0];
        var afterMore = LongerRunCells.Select(id => Claims.Numbers(Notebook.Output(id))[^1]).ToArray();   // after 4, 6, 8 epochs

        Assert.All(afterMore, rmse => Assert.True(rmse >= AverageRmse - 1.0, $"after more epochs {rmse} MW, always the average {AverageRmse} MW"));
        Assert.True(Math.Abs(afterMore[^1] - sigmoidRmse) < 1.0, $"md-42: four times the steps, {sigmoidRmse} → {afterMore[^1]} MW");
    }

    [Fact]
    public void ReluHe_TrainsTheSameDepth_NextToTheShallowNet_GradientsReachTheInput()
    {
        var relu = Claims.Numbers(Notebook.Output("code-30"));   // RMSE, 1, 11, ratio
        var shallowRmse = Claims.Numbers(Notebook.Output("code-16"))[^1];

        Assert.True(Math.Abs(relu[0] - shallowRmse) < 3.0, $"ReLU {relu[0]} vs shallow {shallowRmse} MW");
        Assert.True(shallowRmse <= relu[0] + 1.0, "the shallow net is about as good as the deep ones");
        Assert.InRange(relu[^1], 0.1, 10);
    }

    [Fact]
    public void BatchNorm_RescuesSigmoid_ButDoesNotBeatReluHe_ClippingChangesLittle()
    {
        var reluRmse = Claims.Numbers(Notebook.Output("code-30"))[0];
        var reluBnRmse = Claims.Numbers(Notebook.Output("code-34"))[^1];
        var sigmoidBn = Claims.Numbers(Notebook.Output("code-35"));   // RMSE, 1, 11, ratio
        var clipping = Claims.Numbers(Notebook.Output("code-37"));    // largest norm, RMSE with clipping

        Assert.True(sigmoidBn[0] < AverageRmse / 2, $"sigmoid + BN {sigmoidBn[0]} MW");
        Assert.True(sigmoidBn[^1] > 1e-2, "with BN layer 1's gradient is of the output layer's order");
        Assert.True(reluBnRmse >= reluRmse, $"ReLU + BN {reluBnRmse} vs ReLU {reluRmse} MW");
        Assert.True(Math.Abs(clipping[1] - reluBnRmse) < 3.0, $"clip {clipping[1]} vs BN {reluBnRmse} MW");
        Assert.True(clipping[0] > 5.0, "with batch norm the gradient norm has spikes above the clipping threshold");
    }

    [Fact]
    public void XrayInitialLoss_BothPlausible_SigmoidStartsAsTheAlwaysAverageModel()
    {
        var lines = Claims.Lines(Notebook.Output("code-32a"));
        var sigmoid = Claims.Numbers(lines[0][lines[0].IndexOf("ratio", StringComparison.Ordinal)..])[0];
        var relu = Claims.Numbers(lines[2][lines[2].IndexOf("ratio", StringComparison.Ordinal)..])[0];
        var sigmoidOutput = Claims.Numbers(lines[1]);   // mean, std across hours

        Assert.All(new[] { lines[0], lines[2] }, l => Assert.Contains("as expected", l, StringComparison.Ordinal));
        Assert.InRange(sigmoid, 0.95, 1.05);             // md-32b: exactly the baseline
        Assert.InRange(relu, 0.5, 2);
        Assert.True(sigmoidOutput[^1] < 1e-5, lines[1]);  // the same output for every hour
        Assert.True(Claims.Numbers(lines[3])[^1] > 0.1, lines[3]);
    }

    [Fact]
    public void XrayActivationHistograms_SigmoidSpreadGoneAtEveryStepUnsaturated_ReluSpreadKeptSomeUnitsDead()
    {
        var rows = Claims.Lines(Notebook.Output("code-32b")).Where(l => l.Contains("spread", StringComparison.Ordinal)).ToArray();
        // step, 1, spread at layer 1, 10, spread at layer 10, saturated %, dead %
        var sigmoid = rows.Where(l => l.StartsWith("deep sigmoid", StringComparison.Ordinal)).Select(Claims.Numbers).ToArray();
        var relu = rows.Where(l => l.StartsWith("deep ReLU", StringComparison.Ordinal)).Select(Claims.Numbers).ToArray();

        Assert.Equal([0.0, 20, 100, 200], sigmoid.Select(s => s[0]));
        Assert.All(sigmoid, s => Assert.True(s[2] > 0.1 && s[4] < 1e-5 && s[5] == 0 && s[6] == 0, string.Join(", ", s)));
        Assert.All(relu, s => Assert.True(s[4] > 0.1 && s[5] == 0, string.Join(", ", s)));
        Assert.Equal([25.0, 31, 50, 50], relu.Select(s => s[6]));   // md-32b: at most 25 % at step 0, 50 % from step 100 on
    }

    [Fact]
    public void XrayGradientHistograms_SigmoidInputLayerManyDecadesDown_ReluWithinADecadeHalfExactZeros()
    {
        var rows = Claims.Lines(Notebook.Output("code-32d")).Where(l => l.Contains("median", StringComparison.Ordinal)).ToArray();
        // after "median": 1, layer-1 median, 11, layer-11 median, 0 ("exactly 0"), share in %
        double[] Medians(string l) => Claims.Numbers(l[l.IndexOf("median", StringComparison.Ordinal)..]);
        var sigmoid = rows.Where(l => l.StartsWith("deep sigmoid", StringComparison.Ordinal)).Select(Medians).ToArray();
        var relu = rows.Where(l => l.StartsWith("deep ReLU", StringComparison.Ordinal)).Select(Medians).ToArray();

        Assert.Equal(4, sigmoid.Length);
        Assert.Equal(4, relu.Length);
        Assert.All(sigmoid, s => Assert.True(s[1] < 1e-7 && s[3] > 1e-2 && s[5] == 0, string.Join(", ", s)));
        // md-32d: "within about a decade of each other" (the input layer at most about 11× below the output layer), against 10⁷× for sigmoid
        Assert.All(relu, s => Assert.True(s[1] * 15 >= s[3] && s[5] >= 45 && s[5] <= 52, string.Join(", ", s)));
    }

    [Fact]
    public void XrayActivationStatistics_ReluLayersNeitherCollapseNorExplode()
    {
        var lines = Claims.Lines(Notebook.Output("code-32f"));
        var relu = Claims.Numbers(lines[1]);   // 206, std min, max, mean min, max

        Assert.Equal(206, relu[0]);
        Assert.True(relu[1] > 0.1 && relu[2] < 1, lines[1]);
        Assert.DoesNotContain("-", lines[1], StringComparison.Ordinal);   // the means are positive
    }

    [Fact]
    public void XrayUpdateToData_FixedNetEveryLayerNearTheGuide_SigmoidOnlyThree()
    {
        var lines = Claims.Lines(Notebook.Output("code-32g"));
        var sigmoid = Claims.Numbers(lines[0]);   // 1, layer-1 ratio, 11, layer-11 ratio, 10, 1e-3, count, of
        var relu = Claims.Numbers(lines[1]);

        Assert.Equal([3.0, 11], sigmoid[^2..]);
        Assert.Equal([11.0, 11], relu[^2..]);
        Assert.True(sigmoid[1] < 1e-6, lines[0]);
        Assert.Equal(Claims.Numbers(Notebook.Output("code-26"))[1], sigmoid[1]);   // the same run as the diagnosis
    }
}
