using GradientCourse.Tests.NotebookClaims;

namespace GradientCourse.Torch.Tests.NotebookClaims;

/// <summary>
/// Every claim the prose of notebooks/08-torchsharp.ipynb makes, checked on what the notebook printed when the course
/// runner executed it (nothing re-typed: change a cell and these tests read the new numbers). The runner loads
/// TorchSharp's native libraries for the notebook from its own bin.
/// </summary>
public class Notebook08ClaimsTests
{
    private static ExecutedNotebook Notebook => ExecutedNotebook.Get("08-torchsharp");

    /// <summary>code-13's table: initializer name → (variance / formula, max |w| / σ, kurtosis).</summary>
    private static Dictionary<string, (double VarianceRatio, double MaxOverStd, double Kurtosis)> Initializers =>
        Claims.Lines(Notebook.Output("code-13")).Where(l => l.Contains("variance / formula", StringComparison.Ordinal)).ToDictionary(
            l => l.Split(' ')[0],
            l => (Claims.After(l, "variance / formula"), Claims.After(l, "max |w| / σ"), Claims.After(l, "kurtosis")));

    [Fact]
    public void SameMlp_LibraryAndTorch_SameOutputsAndGradientsToOrder1eMinus16()
    {
        Assert.True(Claims.After(Notebook.Output("code-06"), "max |yHat library − yHat torch| =") <= 1e-15);
        var errors = Claims.Lines(Notebook.Output("code-08")).Select(l => Claims.After(l, "error")).ToList();
        Assert.Equal(7, errors.Count);                          // six parameters and the maximum
        Assert.All(errors, e => Assert.True(e <= 1e-15, $"relative error {e}"));
        Assert.Equal(errors[..^1].Max(), errors[^1]);
        Assert.Contains("agreement to order $10^{-16}$", Notebook.Source("md-07"), StringComparison.Ordinal);
        Assert.Contains("relative errors of order $10^{-16}$", Notebook.Source("md-27"), StringComparison.Ordinal);
    }

    [Fact]
    public void LayerGradientNorms_TorchEqualsLibraryLayerByLayer()
    {
        var output = Notebook.Output("code-10");
        var layers = Claims.Lines(output).Where(l => l.StartsWith("layer", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, layers.Count);
        Assert.All(layers, l => Assert.Equal(Claims.After(l, "torch ‖dW‖"), Claims.After(l, "library")));
        Assert.True(Claims.After(Claims.Line(output, "max relative difference"), ":") < 1e-12);
    }

    [Theory]
    [InlineData("kaiming_normal_", false)]
    [InlineData("kaiming_uniform_", true)]
    [InlineData("xavier_uniform_", true)]
    [InlineData("xavier_normal_", true)]   // TorchSharp 0.107: uniform despite its name
    public void Initializer_VarianceWithinOnePercent_RangeAndKurtosisRevealTheShape(string name, bool uniform)
    {
        var (varianceRatio, maxOverStd, kurtosis) = Initializers[name];

        Assert.InRange(varianceRatio, 0.99, 1.01);             // md-11: "within about ±1 %"
        if (uniform)
        {
            Assert.Equal(1.73, maxOverStd);                     // √3 σ
            Assert.Equal(1.80, kurtosis);                       // 9/5
        }
        else
        {
            Assert.InRange(maxOverStd, 4.3, 4.8);
            Assert.InRange(kurtosis, 2.95, 3.05);
            Assert.Contains($"reaches\n  ${maxOverStd:0.00}\\,\\sigma$", Notebook.Source("md-11"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void XavierNormal_StopsAt1_73SigmaWithKurtosis1_8_SameNumbersAsXavierUniform_LibraryIsNormal()
    {
        var prose = Notebook.Source("md-14");
        Assert.Contains("\\approx 1.73\\,\\sigma$ and its kurtosis is 1.8", prose, StringComparison.Ordinal);
        Assert.Equal((1.73, 1.80), (Initializers["xavier_normal_"].MaxOverStd, Initializers["xavier_normal_"].Kurtosis));

        var version = Claims.Line(Notebook.Output("code-04"), "TorchSharp").Split(',')[0];   // "TorchSharp 0.107": the finding is this version's
        Assert.Contains(version + "'s `xavier_normal_`", prose, StringComparison.Ordinal);
        Assert.Contains(version + "'s `xavier_normal_`", Notebook.Source("md-27"), StringComparison.Ordinal);

        var same = Claims.Line(Notebook.Output("code-17"), "xavier_normal_ == xavier_uniform_");
        Assert.Contains("(seed 4): True;", same, StringComparison.Ordinal);
        Assert.InRange(Claims.After(same, "library GlorotNormal kurtosis"), 2.9, 3.1);
    }

    [Fact]
    public void KaimingUniform_LargestWeightReachesItsBoundSqrt6OverFanIn()
    {
        var line = Claims.Line(Notebook.Output("code-13"), "bound");

        var (max, bound) = (Claims.After(line, "max |w|"), Claims.After(line, "√(6/fanIn)"));
        Assert.InRange(max, 0.999 * bound, bound);
    }

    [Fact]
    public void Histogram_CountsAll120000WeightsOfEachSample_NoneOutsideItsRange()
    {
        var figure = Claims.Figure(Assert.Single(Notebook.Data("code-15", "text/html")));

        var traces = figure["data"]!.AsArray();
        Assert.Equal(2, traces.Count);
        Assert.All(traces, t => Assert.Equal(400 * 300, t!["y"]!.AsArray().Sum(v => v!.GetValue<double>())));
        Assert.Contains("120 000 numbers", Notebook.Source("md-11"), StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNorm_OneTrainingForward_SameRunningStatisticsAndEvalOutputs_Momentum0_1()
    {
        var output = Notebook.Output("code-19");
        var running = Claims.Line(output, "running statistic");

        Assert.Equal(2, Claims.After(running, "over"));
        Assert.Equal(0.1, Claims.After(running, "momentum"));
        Assert.True(Claims.After(running, "):") < 1e-12, running);
        Assert.True(Claims.After(Claims.Line(output, "eval-mode"), ":") < 1e-12, output);
        Assert.Contains("momentum $m = 0.1$", Notebook.Source("md-18"), StringComparison.Ordinal);
    }

    [Fact]
    public void ClipGradNorm_ReturnsNormBeforeClipping_ScalesByMaxNormOverNormPlus1eMinus6()
    {
        var lines = Claims.Lines(Notebook.Output("code-21"));
        var before = lines.Single(l => l.StartsWith("norm before", StringComparison.Ordinal));
        var after = lines.Single(l => l.StartsWith("after clipping", StringComparison.Ordinal));
        var formula = lines.Single(l => l.StartsWith("torch's formula", StringComparison.Ordinal));

        Assert.Equal(Claims.After(before, "library"), Claims.After(before, "torch"));            // torch returns the norm before clipping
        var maxNorm = Claims.After(after, "clipping to");
        var (libraryAfter, torchAfter) = (Claims.After(after, "library"), Claims.After(after, "torch"));
        Assert.True(Math.Abs(libraryAfter - maxNorm) < 1e-6, after);                             // the library clips to maxNorm exactly
        Assert.Equal(Claims.Numbers(formula)[^1], torchAfter);                                   // torch: maxNorm·‖g‖/(‖g‖ + 1e-6)
        Assert.True(torchAfter < libraryAfter, "torch lands just below maxNorm");
        Assert.True(Claims.After(before, "torch") > maxNorm, "the gradients were clipped");
    }

    [Fact]
    public void DeepNets_TorchPerLayerNorms_SigmoidAboutAMillionth_ReluWithinAnOrder_SameAsLibrary()
    {
        var line = Claims.Line(Notebook.Output("code-23"), "in torch");

        Assert.InRange(Claims.After(line, "sigmoid + Glorot"), 1e-7, 1e-5);   // md-25: "about a millionth"
        Assert.InRange(Claims.After(line, "ReLU + He"), 0.1, 10);             // "within about one order of magnitude"
        Assert.True(Claims.After(Notebook.Output("code-24"), "torch vs library:") < 1e-12);
        Assert.Contains("about a millionth of the last layer's gradient", Notebook.Source("md-25"), StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_EachFigureUnder60KB()
    {
        Notebook.AssertEveryChartUnder(60_000);
    }
}
