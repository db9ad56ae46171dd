namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every claim the prose of notebooks/01-chain-rule.ipynb makes, checked on what the notebook printed when the course
/// runner executed it (nothing re-typed: change a cell and these tests read the new numbers).
/// </summary>
public class Notebook01ClaimsTests
{
    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("01-chain-rule");

    /// <summary>code-09's rows: (exact, approx, maxdiff) for dL/dw1, dL/dw2, dL/dw3 (magnitudes).</summary>
    private static (double Exact, double Approx, double MaxDiff)[] FiniteDifferences =>
        Claims.Lines(Notebook.Output("code-09")).Where(l => l.Contains("exact", StringComparison.Ordinal))
            .Select(l => (Claims.After(l, "exact"), Claims.After(l, "approx"), Claims.After(l, "maxdiff"))).ToArray();

    [Fact]
    public void LocalDerivatives_EverySigmoidFactorAtMostAQuarter()
    {
        var factors = Claims.Numbers(Claims.Line(Notebook.Output("code-06"), "σ' factors"))[^3..];   // after "(layer 3, 2, 1):"

        Assert.All(factors, f => Assert.InRange(f, 0.0, 0.25));
        Assert.Contains("at most $0.25$", Notebook.Source("md-05"), StringComparison.Ordinal);
        Assert.Contains("at most 0.25", Notebook.Source("md-17"), StringComparison.Ordinal);
    }

    [Fact]
    public void Gradient_ShrinksFromTheOutputLayerToTheInputLayer()
    {
        var line = Claims.Line(Notebook.Output("code-06"), "dL/dw3 =");

        var (w3, w2, w1) = (Claims.After(line, "dL/dw3 ="), Claims.After(line, "dL/dw2 ="), Claims.After(line, "dL/dw1 ="));
        Assert.True(w1 < w2 && w2 < w3, $"|dL/dw1| {w1}, |dL/dw2| {w2}, |dL/dw3| {w3}: md-07 says the gradient shrinks going back");
        Assert.Contains("the gradient shrinks as we go back", Notebook.Source("md-07"), StringComparison.Ordinal);
    }

    [Fact]
    public void FiniteDifferences_AgreeWithTheChainRuleToManyDigits()
    {
        var rows = FiniteDifferences;

        Assert.Equal(3, rows.Length);
        Assert.All(rows, r => Assert.Equal(r.Exact, r.Approx));                 // the same four printed digits
        Assert.All(rows, r => Assert.True(r.MaxDiff < 1e-8 * r.Exact, $"maxdiff {r.MaxDiff} vs exact {r.Exact}"));
    }

    [Fact]
    public void CentralDifference_ErrorShrinksLikeEpsilonSquared()
    {
        var line = Claims.Line(Notebook.Output("code-09"), "ratio");

        Assert.Equal(1e-2, Claims.After(line, "at ε ="), 1e-15);
        Assert.InRange(Claims.After(line, "ratio"), 70, 130);                   // ε ten times smaller, error about 100 times smaller
        Assert.Contains("shrinks like $\\varepsilon^2$", Notebook.Source("md-07"), StringComparison.Ordinal);
    }

    [Fact]
    public void Library_ChainOfDenseLayers_SameGradientsAsByHand()
    {
        var rows = Claims.Lines(Notebook.Output("code-11"));

        Assert.Equal(3, rows.Length);
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(Claims.After(rows[k], "by hand"), Claims.After(rows[k], "library"));
            Assert.Equal(FiniteDifferences[k].Exact, Claims.After(rows[k], "by hand"));
        }
    }

    [Fact]
    public void GradientCheck_TinyMlp_MaxRelativeErrorFarBelowAMillionth()
    {
        var maxError = Claims.After(Claims.Line(Notebook.Output("code-13"), "max relative error:"), "max relative error:");

        Assert.True(maxError < 1e-7, $"max relative error {maxError}");
        Assert.Contains("far below $10^{-6}$", Notebook.Source("md-12"), StringComparison.Ordinal);
    }

    [Fact]
    public void DeepSigmoidNet_InputLayerGetsAFarSmallerGradientThanTheOutputLayer()
    {
        var ratio = Claims.After(Claims.Line(Notebook.Output("code-15"), "‖dW‖ of layer 1"), ":");

        Assert.True(ratio < 1e-3, $"‖dW‖ layer 1 / layer 10 = {ratio}");
        Assert.Contains("much smaller gradients", Notebook.Source("md-17"), StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_EachFigureUnder60KB()
    {
        Notebook.AssertEveryChartUnder(60_000);
    }
}
