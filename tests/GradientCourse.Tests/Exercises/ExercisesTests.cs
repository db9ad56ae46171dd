using GradientCourse;

namespace GradientCourse.Tests.Exercises;

public class ExercisesTests
{
    [Fact]
    public void Value_RightAnswer_Passes()
    {
        var r = GradientCourse.Exercises.Value("01.1", () => 0.25 + 1e-9, 0.25, 1e-6, "reread section 2");
        Assert.True(r.Passed);
        Assert.Null(r.Hint);
    }

    [Fact]
    public void Value_WrongAnswer_FailsWithExpectedValueAndHint()
    {
        var r = GradientCourse.Exercises.Value("01.1", () => 0.5, 0.25, 1e-6, "reread section 2");
        Assert.False(r.Passed);
        Assert.Contains("expected about 0.25", r.Message, StringComparison.Ordinal);
        Assert.False(r.NotAnswered);
        Assert.Equal("reread section 2", r.Hint);
    }

    [Fact]
    public void Value_StubThrowsNotImplemented_ReportsNotAnsweredInsteadOfCrashing()
    {
        var r = GradientCourse.Exercises.Value("01.2", () => throw new NotImplementedException("Exercise 01.2: your code here"), 1, 0, "h");
        Assert.False(r.Passed);
        Assert.Contains("not answered yet", r.Message, StringComparison.Ordinal);
        Assert.True(r.NotAnswered);
        Assert.Equal("h", r.Hint);
    }

    [Fact]
    public void Value_AnswerThrowsOtherException_ReportsTheException()
    {
        var r = GradientCourse.Exercises.Value("01.2", () => throw new InvalidOperationException("boom"), 1, 0, "h");
        Assert.False(r.Passed);
        Assert.Contains("InvalidOperationException: boom", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_NaNAnswer_FailsAsNotFinite()
    {
        var r = GradientCourse.Exercises.Value("01.2", () => double.NaN, 1, 1e-3, "h");
        Assert.False(r.Passed);
        Assert.Contains("not a finite number", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matrix_WrongShape_SaysBothShapes()
    {
        var r = GradientCourse.Exercises.Matrix("02.1", () => new Matrix(2, 3), new Matrix(3, 2), 1e-9, "h");
        Assert.False(r.Passed);
        Assert.Contains("2 × 3", r.Message, StringComparison.Ordinal);
        Assert.Contains("3 × 2", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matrix_OneElementOff_NamesTheElement()
    {
        var expected = Matrix.FromRows([[1.0, 2.0], [3.0, 4.0]]);
        var wrong = expected.Clone();
        wrong[1, 0] = 3.5;
        var r = GradientCourse.Exercises.Matrix("02.1", () => wrong, expected, 1e-9, "h");
        Assert.False(r.Passed);
        Assert.Contains("element (1, 0)", r.Message, StringComparison.Ordinal);
        Assert.True(GradientCourse.Exercises.Matrix("02.1", () => expected.Clone(), expected, 1e-9, "h").Passed);
    }

    [Fact]
    public void That_ConditionFalse_UsesLearnerFacingExplanation()
    {
        var r = GradientCourse.Exercises.That("03.1", () => 12, n => n >= 20, n => $"a net of depth {n} is too shallow to show it.", "ok", "use ≥ 20 layers");
        Assert.False(r.Passed);
        Assert.Equal("a net of depth 12 is too shallow to show it.", r.Message);
    }

    [Theory]
    [InlineData("3.2")]
    [InlineData("03-2")]
    [InlineData("")]
    public void Value_MalformedId_ThrowsWithTheExpectedPattern(string id)
    {
        var ex = Assert.Throws<ArgumentException>(() => GradientCourse.Exercises.Value(id, () => 1, 1, 0, "h"));
        Assert.Contains("\"03.2\"", ex.Message, StringComparison.Ordinal);
    }
}
