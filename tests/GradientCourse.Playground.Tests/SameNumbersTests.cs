using System.Globalization;
using GradientCourse.Playground.Engine;
using GradientCourse.Runner.Tests;

namespace GradientCourse.Playground.Tests;

/// <summary>The browser's numbers are the notebooks' numbers: a run in the playground (WebAssembly) against the library on .NET.</summary>
[Collection("playground site")]
public sealed class SameNumbersTests(PlaygroundSite site)
{
    public static TheoryData<string> Configurations => new()
    {
        "data=regression&depth=6&width=16&act=tanh&init=glorot_uniform&bn=0&clip=none&opt=sgd&lr=0.05&batch=32&seed=3&until=50",
        "data=regression&depth=8&width=16&act=sigmoid&init=glorot_normal&bn=0&clip=norm&clipat=1&opt=momentum&lr=0.1&batch=32&seed=5&until=50",
        "data=moons&depth=5&width=12&act=relu&init=he_uniform&bn=1&clip=value&clipat=0.5&opt=adam&lr=0.01&batch=20&seed=7&until=50",
        "data=spirals&depth=4&width=16&act=gelu&init=orthogonal&bn=0&clip=none&opt=sgd&lr=0.2&batch=25&seed=1&until=50",
    };

    [ChromiumTheory]
    [MemberData(nameof(Configurations))]
    public async Task FixedConfiguration_50Steps_BrowserLossEqualsLibraryOnDotNet(string hash)
    {
        var config = PlaygroundConfig.FromHash(hash);
        var expected = LibraryLoss(config, config.Until);

        await using var browser = await Chromium.StartAsync();
        await BrowserTests.Open(browser, hash, site);
        await BrowserTests.Play(browser, config.Until);
        Assert.Equal(config.Until.ToString(CultureInfo.InvariantCulture), await BrowserTests.Status(browser, "step"));
        var actual = double.Parse(await BrowserTests.Status(browser, "loss"), CultureInfo.InvariantCulture);
        var relative = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(relative <= 1e-12, $"browser loss {actual:R}, .NET loss {expected:R}: relative difference {relative:G3}");
        Assert.True(browser.Errors.IsEmpty, string.Join('\n', browser.Errors));
    }

    /// <summary>The loss of the last of <paramref name="steps"/> steps, as a notebook computes it: Trainer.Train with MaxSteps.</summary>
    internal static double LibraryLoss(PlaygroundConfig config, int steps)
    {
        var (train, loss) = config.Data switch
        {
            "moons" => (Datasets.TwoMoons(300, 0.15, 1), (Loss)new BinaryCrossEntropyWithLogits()),
            "spirals" => (Datasets.Spirals(300, 3, 0.2, 1), new SoftmaxCrossEntropy()),
            _ => (Datasets.Regression1D(256, 0), new MeanSquaredError()),
        };
        var model = Mlp.Create(train.Features, Enumerable.Repeat(config.Width, config.Depth).ToArray(), train.Outputs,
            Activations.FromName(config.Activation), Initializers.FromKerasName(config.Init), config.Seed, config.BatchNorm);
        Optimizer optimizer = config.Optimizer switch
        {
            "momentum" => new SgdMomentum(config.LearningRate, 0.9),
            "adam" => new Adam(config.LearningRate),
            _ => new Sgd(config.LearningRate),
        };
        var run = Trainer.Train(model, train.X, train.Y, loss, optimizer, new TrainerOptions
        {
            BatchSize = config.BatchSize,
            Seed = config.Seed,
            Epochs = steps,
            MaxSteps = steps,
            ClipNorm = config.Clip == "norm" ? config.ClipAt : null,
            ClipValue = config.Clip == "value" ? config.ClipAt : null,
        });
        Assert.Null(run.Divergence);
        Assert.Equal(steps, run.StepCount);
        return run.Steps[^1].Loss;
    }
}

/// <summary>A theory that needs Chromium; skipped with a message when it is not installed.</summary>
internal sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (Chromium.Executable is null)
        {
            Skip = "chromium is not installed (apt-get install -y chromium): browser test skipped";
        }
    }
}
