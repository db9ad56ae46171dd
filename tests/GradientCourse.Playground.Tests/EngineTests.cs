using GradientCourse.Playground.Engine;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace GradientCourse.Playground.Tests;

/// <summary>The playground's engine on .NET: deep links, "copy as C#", and its training equal to the library's trainer.</summary>
public sealed class EngineTests
{
    [Fact]
    public void Hash_RoundTrip_SameConfiguration()
    {
        var config = new PlaygroundConfig
        {
            Data = "spirals", Depth = 33, Width = 7, Activation = "mish", Init = "orthogonal", BatchNorm = true, Clip = "value", ClipAt = 0.25,
            Optimizer = "momentum", LearningRate = 1e-4, BatchSize = 10, Seed = -3, Speed = 50, Until = 77,
        };
        var back = PlaygroundConfig.FromHash("#" + config.ToHash());
        Assert.Equal(config.ToHash(), back.ToHash());
        Assert.Equal("spirals", back.Data);
        Assert.Equal(33, back.Depth);
        Assert.Equal(1e-4, back.LearningRate);
        Assert.True(back.BatchNorm);
        Assert.Equal(77, back.Until);
    }

    [Fact]
    public void Hash_BadValues_FallBackOrClamp()
    {
        var config = PlaygroundConfig.FromHash("depth=500&width=-2&act=nope&init=&lr=abc&clip=sometimes&data=mnist&batch=1&bn=1&junk");
        Assert.Equal(50, config.Depth);
        Assert.Equal(1, config.Width);
        Assert.Equal(new PlaygroundConfig().Activation, config.Activation);
        Assert.Equal(new PlaygroundConfig().Init, config.Init);
        Assert.Equal(new PlaygroundConfig().LearningRate, config.LearningRate);
        Assert.Equal("none", config.Clip);
        Assert.Equal("regression", config.Data);
        Assert.Equal(2, config.BatchSize); // batch norm needs two examples
    }

    [Fact]
    public void Registries_EveryActivationAndInitializer_BuildsAndSteps()
    {
        foreach (var act in PlaygroundConfig.ActivationNames)
        {
            foreach (var init in PlaygroundConfig.InitializerNames)
            {
                var run = new PlaygroundRun(new PlaygroundConfig { Depth = 2, Width = 4, Activation = act, Init = init }, PlaygroundData.Create("regression"));
                run.Advance(2);
                Assert.True(run.Steps == 2 || run.Divergence is not null, $"{act}/{init}");
            }
        }
    }

    [Theory]
    [InlineData("data=regression&depth=6&width=16&act=tanh&init=glorot_uniform&opt=sgd&lr=0.05&batch=32&seed=3")]
    [InlineData("data=moons&depth=5&width=12&act=relu&init=he_uniform&bn=1&clip=value&clipat=0.5&opt=adam&lr=0.01&batch=20&seed=7")]
    [InlineData("data=spirals&depth=4&width=16&act=gelu&init=orthogonal&clip=norm&clipat=1&opt=momentum&lr=0.2&batch=25&seed=1")]
    public void PlaygroundRun_NSteps_EqualsTrainerTrainBitForBit(string hash)
    {
        var config = PlaygroundConfig.FromHash(hash);
        var run = new PlaygroundRun(config, PlaygroundData.Create(config.Data));
        run.Advance(37);
        Assert.Equal(SameNumbersTests.LibraryLoss(config, 37), run.TrainLoss[^1]);
    }

    [Fact]
    public async Task CopyAsCSharp_RunAsScript_ReproducesThePlaygroundsLoss()
    {
        var config = PlaygroundConfig.FromHash("data=moons&depth=5&width=12&act=elu&init=lecun_normal&bn=1&clip=norm&clipat=2&opt=adam&lr=0.01&batch=20&seed=9");
        var run = new PlaygroundRun(config, PlaygroundData.Create(config.Data));
        run.Advance(25);
        // The last line displays a chart in a notebook; here the script returns the last step's loss instead.
        var code = string.Join('\n', config.ToCSharp(25).Split('\n').Where(l => !l.StartsWith("Charts.", StringComparison.Ordinal))) + "\nrun.Steps[^1].Loss";
        var options = ScriptOptions.Default.AddReferences(typeof(Mlp).Assembly).AddImports("System", "System.Linq", "GradientCourse");
        var loss = await CSharpScript.EvaluateAsync<double>(code, options);
        Assert.Equal(run.TrainLoss[^1], loss);
    }

    [Fact]
    public void Divergence_ExplodingRun_StopsWithReportAndNoNaNRecorded()
    {
        var run = new PlaygroundRun(PlaygroundConfig.FromHash("depth=10&width=32&act=relu&init=he_normal&lr=1"), PlaygroundData.Create("regression"));
        run.Advance(200);
        Assert.NotNull(run.Divergence);
        Assert.All(run.TrainLoss, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(run.Divergence!.Step, run.Steps);
        Assert.False(Svg.LossCurve(run.TrainLoss, run.ValidationLoss).Contains("NaN", StringComparison.Ordinal));
    }

    [Fact]
    public void Sigmoid20Layers_100Steps_VanishingVerdict()
    {
        var run = new PlaygroundRun(PlaygroundConfig.FromHash("depth=20&width=16&act=sigmoid&init=glorot_uniform&lr=0.05"), PlaygroundData.Create("regression"));
        run.Advance(100);
        Assert.Equal("vanishing", run.GradientVerdict());
        Assert.True(run.Last!.Layers[0].WeightGradNorm < 1e-4 * run.Last.Layers[^1].WeightGradNorm);
    }

    [Fact]
    public void Electricity_NotebookSplit_EveryFourthWeekValidation()
    {
        var data = PlaygroundData.Create("electricity", Path.Combine(PlaygroundSite.RepoRoot, "data", "electricity.csv"));
        Assert.Equal(8, data.Train.Features);
        var total = data.Train.Count + data.Validation.Count;
        Assert.InRange(data.Validation.Count / (double)total, 0.22, 0.28);
    }
}
