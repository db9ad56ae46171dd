using GradientCourse;

namespace GradientCourse.Tests.Charts;

/// <summary>The setup cell's <c>Charts.WarmUpInBackground()</c>: returns at once, makes its charts on another thread, once.</summary>
public class WarmUpTests
{
    [Fact]
    public async Task WarmUpInBackground_MakesEachKindOfChartOnce_AndASecondCallDoesNothing()
    {
        GradientCourse.Charts.WarmUpInBackground();
        var task = GradientCourse.Charts.WarmUpTask;
        Assert.NotNull(task);
        await task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(task.IsCompletedSuccessfully);

        // Lines with guides, a log axis, a heatmap with a colour bar, bars: all four made, serialized and written as HTML
        // (a chart that failed would be missing from the count, since the warm-up swallows its exception).
        Assert.Equal(4, GradientCourse.Charts.WarmUpCharts);

        GradientCourse.Charts.WarmUpInBackground();
        Assert.Same(task, GradientCourse.Charts.WarmUpTask);
        Assert.Equal(4, GradientCourse.Charts.WarmUpCharts);
    }
}
