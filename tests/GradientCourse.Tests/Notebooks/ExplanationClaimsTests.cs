namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// The explanations of issue 14 (why the deep sigmoid net stalls, what batch norm changes, what a gradient ratio
/// hides, how a dead ReLU comes back, what each fix is for), checked on the notebooks' own printed measurements.
/// </summary>
public class ExplanationClaimsTests
{
    [Fact]
    public void Notebook03_DeepSigmoid_ForwardSpreadCollapsesByTheBackwardFactorAndNothingSaturates()
    {
        var notebook = ExecutedNotebook.Get("03-vanishing-gradients");
        var spread = Claims.Lines(notebook.Output("code-19b"));
        var layer1 = Claims.Numbers(spread[0]);
        var layer19 = Claims.Numbers(spread[5]);
        var forwardFactor = Claims.Numbers(spread[^1])[^1];
        var backwardFactor = Claims.Numbers(Claims.Lines(notebook.Output("code-06"))[1])[0];
        var saturation = Claims.Lines(notebook.Output("code-19d"));

        Assert.True(layer19[1] < 1e-11 * layer1[1], $"spread layer 1 {layer1[1]}, layer 19 {layer19[1]}"); // eleven to twelve decades
        Assert.Equal(layer19[1], layer19[2]);                           // unchanged after training
        Assert.Equal(backwardFactor, forwardFactor);                    // "at the same rate, forwards and backwards"
        Assert.Equal([0.0, 0.0], Claims.Numbers(saturation[0])[^2..]);  // no unit saturated, before or after
        Assert.All(Claims.Numbers(saturation[1]).Where(v => v != 0), v => Assert.InRange(v, 0.2, 0.25));
    }

    [Fact]
    public void Notebook03_GradientMap_ReluGlorotRatioPaleWhileGradientAndSignalVanish()
    {
        var notebook = ExecutedNotebook.Get("03-vanishing-gradients");
        var pale = Claims.Lines(notebook.Output("code-36")).Single(l => l.StartsWith("relu · glorot_uniform", StringComparison.Ordinal));
        var absolute = Claims.Lines(notebook.Output("code-37a"));
        var glorot = Claims.Numbers(absolute[0]);   // ‖dW₁‖ 2.3 at L = 2, … at L = 30; output spread 0.80 → …
        var he = Claims.Numbers(absolute[1]);       // ‖dW₁‖ … at L = 2, … at L = 30

        Assert.True(Claims.Numbers(pale)[^1] <= 0.5, pale);
        Assert.True(glorot[0] > 1 && glorot[2] < 1e-5 && glorot[^1] < 1e-5, absolute[0]);
        Assert.True(he[2] > 1e-2, absolute[1]);
    }

    [Fact]
    public void Notebook06_DeadUnits_ReviveWithTheirOwnWeightsUnmoved()
    {
        var lines = Claims.Lines(ExecutedNotebook.Get("06-relu-family").Output("code-26c"));
        var counts = Claims.Numbers(lines[0]);   // dead at step 0: d of 16 units; revived by step 40: r

        Assert.True(counts[^1] >= 1 && counts[^1] <= counts[1], lines[0]);
        var units = lines.Where(l => l.StartsWith("unit", StringComparison.Ordinal)).ToArray();
        Assert.Equal((int)counts[^1], units.Length);
        Assert.All(units, u => Assert.EndsWith("moved by 0 until then", u, StringComparison.Ordinal));
        Assert.True(Claims.Numbers(lines[^1])[^1] > 0, lines[^1]);   // layer 1 moved
    }

    [Fact]
    public void Notebook09_ForwardCollapseAndFixesOverThreeSeeds()
    {
        var notebook = ExecutedNotebook.Get("09-case-study-electricity");
        var scan = Claims.Lines(notebook.Output("code-26a"));
        var spreads = Claims.Numbers(scan[0]);   // 1, layer-1 spread, 10, layer-10 spread at init; same after training
        var summary = Claims.Lines(notebook.Output("code-40c")).Skip(1)
            .ToDictionary(l => l[..28].Trim(), l => Claims.Numbers(l[28..]));
        (double Mean, double Std) Of(string name) => (summary[name][0], summary[name][1]);

        Assert.True(spreads[3] < 1e-5 * spreads[1], scan[0]);
        Assert.Equal(0.0, Claims.Numbers(scan[1])[0]);   // saturated share 0.00
        Assert.True(Of("deep sigmoid").Mean > 85 && Of("deep ReLU + He").Mean < 30, "sigmoid learns nothing; ReLU + He fits");
        Assert.True(Of("deep sigmoid + BN").Mean < Of("deep sigmoid").Mean / 2, "BN rescues the sigmoid stack");
        foreach (var fix in new[] { "deep ReLU + He + BN", "deep ReLU + He + BN + clip" })
        {
            // md-42: the differences from ReLU + He are within the seeds' spread
            Assert.True(Math.Abs(Of(fix).Mean - Of("deep ReLU + He").Mean) < Of(fix).Std + Of("deep ReLU + He").Std, fix);
        }
    }
}
