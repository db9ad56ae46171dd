using System.Globalization;
using System.Text.RegularExpressions;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim of notebooks/06-relu-family.ipynb, read from the notebook's own printed outputs (the notebook is run by
/// the course runner; nothing here re-types its code, its constants or its experiments).
/// </summary>
public partial class Notebook06ClaimsTests
{
    private static readonly double[] LearningRates = [0.01, 0.1, 0.5, 1.0];

    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("06-relu-family");

    [Fact]
    public void ReLU_StandardNormalInputs_AboutHalfOutputsAreExactlyZero()
    {
        var percent = Claims.Numbers(Notebook.Output("code-06"))[^1];   // "… 5006 of 10000 inputs (50.1 %)"

        Assert.InRange(percent, 49, 51);
    }

    [Fact]
    public void Selu_Constants_AreKlambauersToFourDecimals()
    {
        var constants = Claims.Numbers(Claims.Lines(Notebook.Output("code-08"))[0]);   // md-07: λ ≈ 1.0507, α ≈ 1.6733

        Assert.Equal([1.0507, 1.6733], constants);
    }

    [Fact]
    public void RReLU_TrainingSlopesSpreadOverXusRange_EvaluationUsesTheirMean()
    {
        var lines = Claims.Lines(Notebook.Output("code-04b"));
        var (min, mean, max) = (Claims.Numbers(lines[0])[0], Claims.Numbers(lines[0])[1], Claims.Numbers(lines[0])[2]);
        var evaluation = Claims.Numbers(lines[1]);

        Assert.Equal(0.125, min, 3);                        // U(1/8, 1/3)
        Assert.Equal(0.333, max, 3);
        Assert.Equal(evaluation[0], evaluation[^1]);        // the evaluation slope is (lower + upper) / 2
        Assert.InRange(mean - evaluation[0], -0.005, 0.005);
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("swish")]
    [InlineData("mish")]
    public void SmoothNonMonotonic_DipBelowZeroNegativeSlopeLeftAndAboveOneRight(string name)
    {
        var dip = Claims.Signed(Claims.Lines(Notebook.Output("code-11")).Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)));
        var slopes = DerivativeRow(name);

        Assert.True(dip[0] < 0, $"{name}: minimum {dip[0]} (md-07: dips below zero)");
        Assert.True(dip[1] < 0, $"{name}: at x = {dip[1]} (left of zero)");
        Assert.True(slopes[0] < 0, $"{name}: f'(-3) = {slopes[0]} (md-09: negative left of zero)");
        Assert.True(slopes[1] > 1, $"{name}: f'(3) = {slopes[1]} (md-09: a little above 1)");
    }

    [Fact]
    public void ReLU_NegativeSide_ZeroDerivativeWhileLeakyAndPReLUKeepSlope()
    {
        Assert.Equal([0.0, 1.0], DerivativeRow("relu"));
        Assert.Equal([0.01, 1.0], DerivativeRow("leaky_relu"));
        Assert.Equal([0.25, 1.0], DerivativeRow("prelu"));
        Assert.True(DerivativeRow("elu")[0] > 0 && DerivativeRow("selu")[0] > 0, "md-12: no 0 on the left for ELU and SELU");
    }

    [Fact]
    public void PReLULayer_FitToLeakyTargets_LearnsAlphaPointOne()
    {
        var alpha = Claims.Numbers(Notebook.Output("code-15"))[^1];

        Assert.Equal(0.1, alpha, 1e-4);
    }

    [Fact]
    public void Selu_LeCunNormal32Layers_OutputStdStaysNearOneWhileReluLeCunShrinks()
    {
        var lines = Claims.Lines(Notebook.Output("code-18"));
        var seluRange = Claims.Numbers(lines[0]);               // over all 32 layers: min, max
        var table = Claims.Lines(Notebook.Output("code-19")).Skip(1).Select(Claims.Numbers).ToArray();
        var reluLeCun = table.Select(r => r[2]).ToArray();       // every 4th layer
        var reluHe = table.Select(r => r[3]).ToArray();

        Assert.InRange(seluRange[^2], 0.8, 1.1);
        Assert.InRange(seluRange[^1], 0.8, 1.1);
        Assert.True(reluLeCun[^1] < 1e-4, $"ReLU + LeCun std at layer 32 is {reluLeCun[^1]}");
        Assert.True(reluLeCun.Zip(reluLeCun.Skip(1)).All(p => p.Second < p.First), "ReLU + LeCun std should keep shrinking: " + string.Join(", ", reluLeCun));
        Assert.True(reluHe[^1] > 1000 * reluLeCun[^1], "He's factor 2 keeps the signal alive where LeCun's lets it shrink");
    }

    [Fact]
    public void DeadUnit_BiasMinusFive_ReluGetsExactlyZeroGradientLeakyDoesNot()
    {
        var lines = Claims.Lines(Notebook.Output("code-21"));

        Assert.Equal([0.0, 0.0], Claims.Numbers(lines[0][4..]));                   // relu: dL/dw = 0, dL/db = 0
        Assert.All(Claims.Numbers(lines[1][10..]), g => Assert.NotEqual(0.0, g));   // leaky_relu: both nonzero
    }

    [Fact]
    public void ReluSweep_AtStepZero_SomeUnitsDeadAndMoreWithDepth()
    {
        var atStart = ReluSweepRows().Select(r => r.Start[0]).ToArray();

        Assert.All(atStart, f => Assert.True(f > 0));
        Assert.True(atStart.Zip(atStart.Skip(1)).All(p => p.Second > p.First), string.Join(", ", atStart));
        Assert.All(ReluSweepRows(), r => Assert.All(r.Start, s => Assert.Equal(r.Start[0], s)));   // the same fresh net at every rate
    }

    [Fact]
    public void ReluSweep_LargestRate_FarMoreDeadThanSmallestAtEveryDepth()
    {
        foreach (var (depth, _, end, _) in ReluSweepRows())
        {
            Assert.True(end[3] - end[0] >= 0.15, $"depth {depth}: {end[0]} at lr 0.01, {end[3]} at lr 1.0");
        }
    }

    [Fact]
    public void ReluSweep_LargeRates_EveryFinalLossAboveEverySmallRateLossAndNoneDiverged()
    {
        var rows = ReluSweepRows();
        var large = rows.SelectMany(r => r.Loss[2..]).Min();
        var small = rows.SelectMany(r => r.Loss[..2]).Max();
        var diverged = Claims.Numbers(Claims.Lines(Notebook.Output("code-25"))[^1]);   // runs that diverged: n of 16

        Assert.True(large > small, $"smallest loss at lr ≥ 0.5: {large}; largest at lr ≤ 0.1: {small}");
        Assert.Equal([0.0, 16.0], diverged);
    }

    [Fact]
    public void DeadUnitsPerLayer_SmallRatesPartlyDead_LargeRatesKillWholeLastLayersAndFreezeTheNet()
    {
        var lines = Claims.Lines(Notebook.Output("code-27a"));
        var worst = lines.Skip(2).Take(4).Select(l => Claims.Numbers(l)[1..]).ToArray();   // per depth: fraction, layer
        (double Fraction, double Layer) At(int rate, int depth) => (worst[rate][2 * depth], worst[rate][(2 * depth) + 1]);
        var frozen = lines.Where(l => l.Contains("entirely dead", StringComparison.Ordinal)).ToArray();

        // md-27a: at 0.01 and 0.1 no layer ends more than 0.56 dead
        Assert.Equal(0.56, Enumerable.Range(0, 2).SelectMany(r => Enumerable.Range(0, 4).Select(d => At(r, d).Fraction)).Max());
        // the last hidden layer of the 2- and 4-layer nets is entirely dead at 0.5 and 1.0, and layer 16 of the 16-layer net at 1.0
        for (var r = 2; r <= 3; r++)
        {
            Assert.Equal((1.0, 2.0), At(r, 0));
            Assert.Equal((1.0, 4.0), At(r, 1));
        }
        Assert.Equal((1.0, 16.0), At(3, 3));
        // every such run: every weight matrix from layer 1 to the output layer gets exactly zero gradient
        Assert.Equal(5, frozen.Length);
        Assert.All(frozen, l => Assert.Contains("at the last step 0,", l, StringComparison.Ordinal));
    }

    [Fact]
    public void LeakySweep_NoDeadUnitsLossFallsUpToHalfAndRisesInThreeOfFourAtOne()
    {
        var lines = Claims.Lines(Notebook.Output("code-28"));

        Assert.Equal([0.0, 12, 12, 0.5], Claims.Numbers(lines[0]));   // largest dead fraction 0.00; fell in 12 of 12 runs with lr ≤ 0.5
        Assert.Equal([1.0, 3, 4], Claims.Numbers(lines[1]));          // at lr 1.0 above its start in 3 of 4 runs
    }

    [Fact]
    public void SlopeSweep_AnySlopeRemovesDeadUnits_PointZeroOneTrainsLikeReluLargerSlopesPassMoreGradient()
    {
        var rows = Claims.Lines(Notebook.Output("code-30a2")).Skip(1).Select(Claims.Numbers).ToArray();   // α, dead, final, last 10, ‖dW₁‖

        Assert.Equal([0, 0.01, 0.03, 0.1, 0.2, 0.3], rows.Select(r => r[0]));
        Assert.Equal(0.33, rows[0][1]);
        Assert.All(rows.Skip(1), r => Assert.Equal(0.0, r[1]));
        Assert.Equal(rows[0][3], rows[1][3]);                                        // md-30a: 0.263 for both
        var gradients = rows.Skip(1).Select(r => r[4]).ToArray();                    // from α = 0.01 to 0.3
        Assert.True(gradients.Zip(gradients.Skip(1)).All(p => p.Second >= p.First), string.Join(", ", gradients));
        Assert.Equal(rows.Min(r => r[2]), rows[^1][2]);                              // α = 0.3 ends lowest
    }

    [Fact]
    public void DeepNet_SigmoidStallsNearTargetVarianceReluHeTrainsReluAtPointOneDiverges()
    {
        var sigmoid = Claims.Lines(Notebook.Output("code-32"));
        var variance = Claims.Numbers(sigmoid[0])[^1];
        var sigmoidLoss = Claims.Numbers(sigmoid[1]);   // after 100 steps (a diverged run records fewer), loss
        var relu = Claims.Lines(Notebook.Output("code-33"));
        var reluLoss = Claims.Numbers(relu[0]);

        Assert.Equal(100, sigmoidLoss[0]);
        Assert.Equal(100, reluLoss[0]);
        Assert.InRange(sigmoidLoss[1] / variance, 0.85, 1.15);
        Assert.True(reluLoss[1] < 0.3 * variance, $"relu {reluLoss[1]}, variance {variance}");
        Assert.Contains("Training diverged at step", relu[1], StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNet_FirstStep_SigmoidGradientFallsManyDecadesReluHeStaysLevel()
    {
        var ratios = Claims.Numbers(Notebook.Output("code-38"));   // layer 1 / layer 20: sigmoid r, relu r

        Assert.True(ratios[^2] < 1e-10, $"sigmoid {ratios[^2]}");
        Assert.InRange(ratios[^1], 1e-2, 1e2);
    }

    [Fact]
    public void XrayInitialLoss_ReluHePlausible_SigmoidOffsetByAConstantOutput()
    {
        var lines = Claims.Lines(Notebook.Output("code-38a"));
        var sigmoid = InitialLoss(lines[0]);
        var sigmoidOutput = Claims.Numbers(lines[1]);   // mean, std across inputs
        var relu = InitialLoss(lines[2]);
        var reluOutput = Claims.Numbers(lines[3]);

        Assert.InRange(relu.Ratio, 0.5, 2);
        Assert.Contains("as expected", lines[2], StringComparison.Ordinal);
        Assert.Equal(sigmoid.Expected, relu.Expected);            // the same baseline, the mean of y²
        Assert.True(sigmoid.Ratio > 2, lines[0]);                 // md-38a2: 2.35 times the baseline
        Assert.Equal(sigmoid.Measured, sigmoid.Ratio * sigmoid.Expected, 2);
        Assert.True(sigmoidOutput[^1] < 1e-10, lines[1]);         // the same output for every input
        Assert.True(reluOutput[^1] > 0.1, lines[3]);              // the ReLU net's output varies with x
    }

    [Fact]
    public void XrayActivationHistograms_ReluAboutHalfZeros_DeadUnitsDoNotGrowAtThisRate()
    {
        var steps = Claims.Lines(Notebook.Output("code-38b")).Where(l => l.StartsWith("step", StringComparison.Ordinal))
            .Select(Claims.Numbers).ToArray();   // step, 0 ("exactly 0"), zeros %, dead min %, max %, mean %

        Assert.Equal([0.0, 10, 30, 99], steps.Select(s => s[0]));
        Assert.All(steps, s => Assert.InRange(s[2], 45, 60));     // about half of the entries are exactly 0
        Assert.All(steps, s => Assert.Equal(0, s[3]));            // some layer (layer 1) is never dead
        Assert.True(steps[^1][4] < steps[0][4] && steps[^1][5] < steps[0][5], "the most-dead layer and the mean fall over training");
    }

    [Fact]
    public void XrayGradientHistograms_SigmoidInputSideManyDecadesDownAtEveryStep_ReluRowsTogetherHalfExactZeros()
    {
        var rows = Claims.Lines(Notebook.Output("code-38c")).Where(l => l.Contains("median", StringComparison.Ordinal)).ToArray();
        // after "median": 1, layer-1 median, 20, layer-20 median, 0 ("exactly 0"), share in %
        double[] Medians(string l) => Claims.Numbers(l[l.IndexOf("median", StringComparison.Ordinal)..]);
        var sigmoid = rows.Where(l => l.StartsWith("sigmoid", StringComparison.Ordinal)).Select(Medians).ToArray();
        var relu = rows.Where(l => l.StartsWith("relu", StringComparison.Ordinal)).Select(Medians).ToArray();

        Assert.Equal(4, sigmoid.Length);
        Assert.Equal(4, relu.Length);
        Assert.All(sigmoid, s => Assert.True(s[1] < 1e-12 && s[3] > 1e-2 && s[5] == 0, string.Join(", ", s)));
        Assert.All(relu, s => Assert.True(s[1] > 1e-2 * s[3] && s[5] >= 45 && s[5] <= 55, string.Join(", ", s)));
    }

    [Fact]
    public void XrayActivationStatistics_ReluHeEveryLayerWithinOneDecadeMeansPositive()
    {
        var lines = Claims.Lines(Notebook.Output("code-38e"));
        var overall = Claims.Numbers(lines[1]);

        var means = Claims.Signed(lines[2]);   // min, max at step 0, 0 (the step), min, max at step 99, 99

        Assert.True(overall[^2] >= 0.1 && overall[^1] <= 1, lines[1]);   // md-38e: within one decade over all 100 steps
        Assert.All(new[] { means[0], means[1], means[3], means[4] }, m => Assert.True(m > 0, lines[2]));
    }

    [Fact]
    public void XrayUpdateToData_ReluLayersNearTheGuide_SigmoidLayerOneTenDecadesBelow()
    {
        var lines = Claims.Lines(Notebook.Output("code-38f"));
        var sigmoid = Claims.Numbers(lines[0])[^3..];   // layer-1 ratio, 20 (the layer), layer-20 ratio
        var relu = Claims.Numbers(lines[1])[^3..];

        Assert.True(sigmoid[0] < 1e-12, lines[0]);
        Assert.All(new[] { relu[0], relu[2] }, r => Assert.InRange(r, 1e-4, 1e-2));
    }

    /// <summary>Xray.CheckInitialLoss's line: "loss at initialization m; … gives e; ratio r — verdict".</summary>
    private static (double Measured, double Expected, double Ratio) InitialLoss(string line)
    {
        double After(string word) => Claims.Numbers(line[(line.IndexOf(word, StringComparison.Ordinal) + word.Length)..])[0];
        return (After("loss at initialization"), After(" gives "), After("; ratio "));
    }

    private static double[] DerivativeRow(string name) =>
        Claims.Signed(Claims.Lines(Notebook.Output("code-13")).Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)));

    /// <summary>code-25's rows: depth, then per learning rate: dead at step 0, dead at the end, final loss.</summary>
    private static (int Depth, double[] Start, double[] End, double[] Loss)[] ReluSweepRows() =>
        Claims.Lines(Notebook.Output("code-25")).Skip(1).Take(4).Select(line =>
        {
            var n = Claims.Numbers(line);   // depth, then (lr, start, end, loss) × 4
            var cells = Enumerable.Range(0, LearningRates.Length).Select(r => n.AsSpan(1 + (4 * r), 4).ToArray()).ToArray();
            Assert.Equal(LearningRates, cells.Select(c => c[0]));
            return ((int)n[0], cells.Select(c => c[1]).ToArray(), cells.Select(c => c[2]).ToArray(), cells.Select(c => c[3]).ToArray());
        }).ToArray();
}
