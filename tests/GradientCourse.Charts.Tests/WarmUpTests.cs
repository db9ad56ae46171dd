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

        // Lines with guides, a log axis, a heatmap with a colour bar, bars, lines styled through Plotly.NET.CSharp: all five
        // made, serialized and written as HTML (a chart that failed would be missing from the count, since the warm-up
        // swallows its exception).
        Assert.Equal(5, GradientCourse.Charts.WarmUpCharts);
        // Before starting, the call loaded what the warm-up uses on its own thread (here the default load context has them).
        Assert.Contains("GradientCourse", GradientCourse.Charts.WarmUpLoaded);
        Assert.Contains("Plotly.NET.CSharp", GradientCourse.Charts.WarmUpLoaded);

        GradientCourse.Charts.WarmUpInBackground();
        Assert.Same(task, GradientCourse.Charts.WarmUpTask);
        Assert.Equal(5, GradientCourse.Charts.WarmUpCharts);
    }
}
