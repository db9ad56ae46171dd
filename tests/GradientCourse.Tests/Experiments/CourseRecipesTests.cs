using GradientCourse;

namespace GradientCourse.Tests.Experiments;

/// <summary>The shared notebook recipes against hand-worked values.</summary>
public class CourseRecipesTests
{
    private static LayerTelemetry Layer(int layer, double gradNorm) => new(layer, gradNorm, 0, 1, 0, 0, 1e-3);

    private static StepTelemetry Step(int step, params double[] gradNorms) =>
        new(step, 0, 1.0, 1.0, 1.0, gradNorms.Select((g, i) => Layer(i + 1, g)).ToList());

    [Fact]
    public void FirstToLastRatio_TelemetryRunAndPlainNorms_AllGiveLayerOneOverTheOutputLayer()
    {
        var run = new TrainingRun([Step(0, 2e-6, 1.0, 8e-1), Step(1, 4.0, 1.0, 2.0)], null);

        Assert.Equal(2.5e-6, CourseRecipes.FirstToLastRatio(run.Steps[0].Layers), 15);
        Assert.Equal(2.5e-6, CourseRecipes.FirstToLastRatio(run), 15);
        Assert.Equal(2.0, CourseRecipes.FirstToLastRatio(run, step: 1));
        Assert.Equal(0.25, CourseRecipes.FirstToLastRatio([0.5, 7.0, 2.0]));
        Assert.Throws<ArgumentException>(() => CourseRecipes.FirstToLastRatio([1.0]));
    }

    [Fact]
    public void MeanGradNormOfLastSteps_AveragesEachLayerOverTheLastSteps()
    {
        var run = new TrainingRun([Step(0, 9, 9), Step(1, 1, 4), Step(2, 3, 8)], null);

        Assert.Equal([2.0, 6.0], CourseRecipes.MeanGradNormOfLastSteps(run, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CourseRecipes.MeanGradNormOfLastSteps(run, 4));
    }

    [Fact]
    public void RelativeChange_IsNormOfTheStepOverNormOfTheWeights()
    {
        var before = Mlp.Create(2, [2], 1, Activations.Tanh, Initializers.Ones, seed: 0);
        var after = before.Clone();
        after.Blocks[0].Dense.Weights.Value.Data[0] += 3; // W₁ = [[4, 1], [1, 1]]: ‖ΔW‖ = 3, ‖W‖ = 2

        Assert.Equal(1.5, CourseRecipes.RelativeChange(before, after, 1), 12);
        Assert.Equal(0.0, CourseRecipes.RelativeChange(before, after, 2));
    }

    [Fact]
    public void MeanAndSpread_IsMeanAndSampleStd()
    {
        var (mean, std) = CourseRecipes.MeanAndSpread([24.0, 26.0, 28.0]);

        Assert.Equal(26.0, mean, 12);
        Assert.Equal(2.0, std, 12); // √((4 + 0 + 4) / 2)
    }
}
