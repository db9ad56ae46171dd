using System.Globalization;
using System.Text.RegularExpressions;
using GradientCourse;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim of notebooks/05-initialization.ipynb, read from the notebook's own printed outputs (the notebook is run
/// by the course runner; nothing here re-types its code, data, sizes or seeds). The definitions its prose quotes
/// (the gains of md-09, the standard error of md-20, SELU's constants) are checked against the prose's own numbers
/// and the library.
/// </summary>
public partial class Notebook05ClaimsTests
{
    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("05-initialization");

    [Fact]
    public void ConstantInit_UnitsStayExactlyIdenticalInBothLayers_ZerosNeverMoveAndLearnNothing()
    {
        var table = Claims.Lines(Notebook.Output("code-06"));
        var rows = Claims.Lines(Notebook.Output("code-07")).Take(3)
            .Select(l => Claims.Numbers(l[l.IndexOf("unit spread", StringComparison.Ordinal)..])).ToArray();   // spread 1, 2, spread 2, loss
        var zerosLargest = Claims.Numbers(Claims.Lines(Notebook.Output("code-07"))[3])[^1];

        Assert.All(table[1..3].Select(Claims.Numbers), r => Assert.All(r[1..], w => Assert.Equal(0.0, w)));   // zeros stay 0
        foreach (var row in table[4..6].Select(Claims.Numbers))
        {
            Assert.All(row[1..], w => Assert.Equal(row[1], w));   // constant(0.5): the four units hold the same weight
            Assert.NotEqual(0.5, row[1]);                         // they moved, together
        }

        Assert.Equal([0.0, 0.0], [rows[0][0], rows[0][2]]);   // zeros: no spread in layer 1 or 2
        Assert.Equal([0.0, 0.0], [rows[1][0], rows[1][2]]);   // constant(0.5): the same
        Assert.True(rows[2][0] > 0.1 && rows[2][2] > 0.1, "Glorot's random start breaks the symmetry");
        Assert.Equal(0.0, zerosLargest);                      // md-03: zeros freeze every weight
        Assert.Equal(Math.Round(Math.Log(2), 3), rows[0][^1]);   // ...and the loss stays at ln 2: only the output bias learns
    }

    [Fact]
    public void GainsInTheProse_AreSigmaTimesTheRootOfHalfTheWidth()
    {
        var prose = Notebook.Source("md-09");
        var width = int.Parse(Width().Match(prose).Groups[1].Value, CultureInfo.InvariantCulture);
        var pairs = SigmaGain().Matches(prose).Select(m => (Sigma: Parse(m.Groups[1].Value), Gain: m.Groups[2].Value)).ToArray();

        Assert.Equal(64, width);
        Assert.Equal(2, pairs.Length);
        foreach (var (sigma, gain) in pairs)
        {
            var digits = gain.Length - gain.IndexOf('.', StringComparison.Ordinal) - 1;
            Assert.Equal(Parse(gain), Math.Round(sigma * Math.Sqrt(width / 2.0), digits));
        }

        Assert.Contains(@"\sigma = \sqrt{2/64} \approx 0.18", prose, StringComparison.Ordinal);
        Assert.Equal(0.18, Math.Round(Math.Sqrt(2.0 / width), 2));
    }

    [Fact]
    public void TooSmallAndTooLarge_StraightLinesToward1eMinus14And1e5_HeStaysNearOne()
    {
        var lines = Claims.Lines(Notebook.Output("code-10"));
        var small = Claims.Numbers(lines[0]);   // 0.05, 1, layer 1, 24, layer 24
        var large = Claims.Numbers(lines[2]);   // 0.3, 1, layer 1, 24, layer 24
        var he = Claims.Numbers(lines[3]);      // min, max, 24

        Assert.Equal(-14, Math.Floor(Math.Log10(small[^1])));   // md-11: heading to 10⁻¹⁴
        Assert.Equal(5, Math.Floor(Math.Log10(large[^1])));     // and 10⁵
        Assert.True(he[0] > 1 / 3.0 && he[1] < 3, "md-11: the He line stays near 1");
    }

    [Fact]
    public void GlorotAndHe_SpreadBelow10_BadScaleAbove1e12_TanhShrinksBothWaysByAboutTheSameFactor()
    {
        var lines = Claims.Lines(Notebook.Output("code-14"));
        var pairs = lines[..4].Select(l => Claims.Numbers(l)[^2..]).ToArray();   // activation, gradient max/min
        var bad = Claims.Numbers(lines[4])[^1];

        Assert.All(pairs, p => Assert.True(p[0] < 10 && p[1] < 10, "md-15: a spread below 10"));
        Assert.True(bad > 1e12, "md-15: against more than 10¹² for the bad scale");
        for (var i = 0; i < 2; i++)
        {
            var ends = Claims.Numbers(lines[5 + i]);   // 1, 24, activation 1 → 24, gradient 1 → 24
            Assert.True(ends[3] < ends[2], $"md-15: tanh + Glorot activations shrink: {lines[5 + i]}");
            Assert.True(ends[4] < ends[5], $"md-15: gradients shrink toward the input: {lines[5 + i]}");
            Assert.InRange(pairs[i][1] / pairs[i][0], 1 / 1.5, 1.5);   // by about the same factor
        }
    }

    [Fact]
    public void EveryInitializer_SampleVarianceMatchesItsFormulaWithinOnePercent_StandardErrorInTheProse()
    {
        var rows = Claims.Lines(Notebook.Output("code-19"))[1..];

        Assert.Equal(Initializers.KerasNames.Count, rows.Length);
        foreach (var row in rows)
        {
            var (predicted, sample) = (Claims.Numbers(row)[^2], Claims.Numbers(row)[^1]);
            Assert.True(predicted == 0 ? sample == 0 : Math.Abs(sample / predicted - 1) < 0.01, row);
        }

        Assert.Equal(1 / 256.0, Claims.Numbers(rows.Single(r => r.StartsWith("orthogonal", StringComparison.Ordinal)))[^2], 1e-6);
        Assert.Contains(@"\sqrt{2/32768} \approx 0.8\%", Notebook.Source("md-20"), StringComparison.Ordinal);
        Assert.Contains(@"$256 \times 128$", Notebook.Source("md-18"), StringComparison.Ordinal);
        Assert.Equal(0.8, Math.Round(100 * Math.Sqrt(2.0 / (256 * 128)), 1));
    }

    [Fact]
    public void Selu_WithLeCun_MeanNearZeroStdNearOneOver32Layers_ConstantsAsTheLibrarys()
    {
        var numbers = Claims.Numbers(Notebook.Output("code-22"));   // 32, largest |mean|, std min, std max
        var prose = Notebook.Source("md-21");

        Assert.Equal(32.0, numbers[0]);
        Assert.True(numbers[1] < 0.1, "md-21: the mean line hugs 0");
        Assert.True(numbers[2] > 0.9 && numbers[3] < 1.1, "md-21: the std line hugs 1");
        Assert.Contains($@"\lambda \approx {SELU.Lambda.ToString("F4", CultureInfo.InvariantCulture)}", prose, StringComparison.Ordinal);
        Assert.Contains($@"\alpha \approx {SELU.Alpha.ToString("F4", CultureInfo.InvariantCulture)}", prose, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainabilityMap_OrderedPhaseFailsFromDepth10And18_CriticalLineTrainsEverywhere_ChaoticFailuresOnlyDeep()
    {
        var lines = Claims.Lines(Notebook.Output("code-24"));
        var setup = Claims.Numbers(lines[0]);   // runs, width, steps
        var scales = Claims.Numbers(lines[1]);
        var map = lines[2..].Select(Claims.Numbers).ToDictionary(r => (int)r[0], r => r[1..]);
        double Cell(int depth, double scale) => map[depth][Array.IndexOf(scales, scale)];
        var prose = Notebook.Source("md-23");

        Assert.Contains($"width {setup[1]}", prose, StringComparison.Ordinal);
        Assert.Contains($"{setup[2]} SGD steps", prose, StringComparison.Ordinal);
        Assert.Contains($"{setup[0]} small runs", prose, StringComparison.Ordinal);
        Assert.Equal(setup[0], map.Count * scales.Length);
        Assert.Equal([2, 6, 10, 14, 18, 22, 26, 30], map.Keys);
        Assert.Equal((0.5, 4.0), (scales[0], scales[^1]));
        Assert.Equal(0.15, Cell(10, 1.0));                                       // "about 0.15 means it learned the curve"
        Assert.All(map.Keys, d => Assert.True(Cell(d, 1.0) < 0.3, $"σ_w = 1 trains at depth {d}"));
        Assert.All(map.Keys, d => Assert.True(d < 10 ? Cell(d, 0.5) < 0.5 : Cell(d, 0.5) > 0.9, $"σ_w = 0.5, depth {d}"));
        Assert.All(map.Keys, d => Assert.True(d < 18 ? Cell(d, 0.75) < 0.5 : Cell(d, 0.75) > 0.9, $"σ_w = 0.75, depth {d}"));
        foreach (var scale in scales.Where(s => s > 1))
        {
            Assert.All(map.Keys.Where(d => d <= 10), d => Assert.True(Cell(d, scale) < 0.5, $"σ_w = {scale}, depth {d}"));
        }

        Assert.Contains(scales.Where(s => s > 1), s => map.Keys.Any(d => d >= 14 && Cell(d, s) > 0.9));
    }

    [Fact]
    public void MeanField_CriticalAtOne_DepthScalesWithinAFactorOfAboutTwoOfTheMap_GlorotAndLeCunCritical()
    {
        var rows = Claims.Lines(Notebook.Output("code-26"));
        var byScale = rows[..^1].ToDictionary(r => Claims.Numbers(r)[0], r => r);
        double SixXi(double scale) => Claims.Numbers(byScale[scale])[^1];
        double Chi(double scale) => Claims.Numbers(byScale[scale])[3];   // σ_w, q*, E[tanh'(h)²], χ₁, ξ, 6 (of 6ξ), 6ξ

        Assert.Equal(1.0, Chi(1.0));
        Assert.All(byScale.Keys.Where(s => s < 1), s => Assert.Equal(0.0, Claims.Numbers(byScale[s])[1]));   // q* = 0
        Assert.All(byScale.Keys.Where(s => s > 1), s => Assert.True(Chi(s) > 1, byScale[s]));
        Assert.Equal(4.3, SixXi(0.5));
        Assert.Equal(10.4, SixXi(0.75));
        Assert.InRange(10 / SixXi(0.5), 1.0, 2.5);    // md-30: the map fails from depth 10 and 18 on, within a factor of about 2
        Assert.InRange(18 / SixXi(0.75), 1.0, 2.5);
        Assert.Equal([1.0, 1.0], Claims.Numbers(rows[^1])[^2..]);   // md-30: Glorot and LeCun sit at σ_w = 1 for square layers
    }

    [Fact]
    public void SigmaSlider_GradientFactorPerLayerFollowsRootChi1_ActivationsVanishBelowOneAndSettleAbove()
    {
        var rows = Claims.Lines(Notebook.Output("code-27a"))[1..].Select(Claims.Numbers).ToArray();   // σ_w, measured, √χ₁, activation std at 30

        Assert.Equal(Claims.Numbers(Claims.Lines(Notebook.Output("code-24"))[1]), rows.Select(r => r[0]));   // the map's σ_w
        Assert.All(rows, r => Assert.InRange(r[1] / r[2], 0.95, 1.05));
        Assert.All(rows.Where(r => r[0] < 1), r => Assert.True(r[1] < 1 && r[3] < 1e-3, $"σ_w = {r[0]}: vanishing"));
        Assert.All(rows.Where(r => r[0] >= 1.5), r => Assert.True(r[1] > 1, $"σ_w = {r[0]}: the gradient explodes"));
        Assert.All(rows.Where(r => r[0] >= 2), r => Assert.True(r[3] > 0.5, $"σ_w = {r[0]}: activations settle at a fixed level"));
        Assert.InRange(rows.Single(r => r[0] == 1)[1], 0.9, 1.1);   // nearly flat at the critical line
    }

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"width (\d+)")]
    private static partial Regex Width();

    // "$\sigma = 0.05$ ($g = 0.28$)"
    [GeneratedRegex(@"\\sigma = (\d+\.\d+)\$ \(\$g = (\d+\.\d+)\$\)")]
    private static partial Regex SigmaGain();
}
