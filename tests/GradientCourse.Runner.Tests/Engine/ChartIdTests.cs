using GradientCourse.Runner.Execution;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>Chart ids come from the notebook, the cell and the chart's index in it: the same in every build.</summary>
[Collection(InProcessSessions.Name)]
public class ChartIdTests
{
    [Fact]
    public void NextId_NumbersChartsPerCell_FromNotebookAndCellId()
    {
        ChartFormatter.BeginNotebook("03-vanishing gradients");
        ChartFormatter.BeginCell("code-07");
        var first = ChartFormatter.NextId();
        var second = ChartFormatter.NextId();
        ChartFormatter.BeginCell("code-08");
        var third = ChartFormatter.NextId();

        Assert.Equal("gc-chart-03-vanishing_gradients-code-07-1", first);
        Assert.Equal("gc-chart-03-vanishing_gradients-code-07-2", second);
        Assert.Equal("gc-chart-03-vanishing_gradients-code-08-1", third);
    }

    [Fact]
    public void Id_OnlyHtmlSafeCharacters()
    {
        var id = ChartFormatter.Id("a'b\"<c>", "x y", 3);

        Assert.Equal("gc-chart-a_b__c_-x_y-3", id);
    }

    [Fact]
    public void Stable_DropsTheProcessSpecificNumbersOfCompiledLambdas()
    {
        Assert.Equal("   at lambda_method(Closure, FSharpList`1)\n   at lambda_method(Closure)",
            ValueFormatter.Stable("   at lambda_method157(Closure, FSharpList`1)\n   at lambda_method3(Closure)"));
        Assert.Equal("lambda_", ValueFormatter.Stable("lambda_"));
    }
}
