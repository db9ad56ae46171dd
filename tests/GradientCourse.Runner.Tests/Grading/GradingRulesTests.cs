using GradientCourse.Runner.Grading;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>The trusted comparison, case by case (hand-written expected verdicts).</summary>
public class GradingRulesTests
{
    private static ProbeSpec Probe(string expected, double tolerance = 1e-9, string? problem = null) =>
        new("01.1", "F", "[0.5]", tolerance, ["look at the sign"], false, expected, problem);

    [Theory]
    [InlineData("2.0", "2.0", 0, true)]
    [InlineData("2.0", "2.000000001", 1e-9, true)]
    [InlineData("2.0", "2.00000001", 1e-9, false)]
    [InlineData("1000.0", "1000.0000009", 1e-9, true)] // relative above 1
    [InlineData("1e-12", "2e-12", 1e-9, true)] // absolute below 1
    [InlineData("[1.0,2.0]", "[1.0,2.0]", 0, true)]
    [InlineData("[1.0,2.0]", "[1.0,2.0,3.0]", 1, false)]
    [InlineData("[[1.0],[2.0]]", "[[1.0],[2.5]]", 0.1, false)]
    [InlineData("\"C\"", "\" c \"", 0, true)]
    [InlineData("\"C\"", "\"B\"", 0, false)]
    [InlineData("true", "false", 0, false)]
    [InlineData("{\"double\":\"Infinity\"}", "{\"double\":\"Infinity\"}", 0, true)]
    [InlineData("1.0", "{\"double\":\"NaN\"}", 1, false)]
    [InlineData("1.0", "\"1.0\"", 1, false)]
    [InlineData("null", "null", 0, true)]
    public void Compare_MatchesWithinTolerance(string expected, string actual, double tolerance, bool same) =>
        Assert.Equal(same, GradingRules.Compare(expected, actual, tolerance) is null);

    [Fact]
    public void Compare_SaysWhatIsWrong_WithoutTheExpectedValue()
    {
        var message = GradingRules.Compare("[0.123456,7.5]", "[0.123456,7.25]", 1e-9)!;
        Assert.Contains("element [1]", message, StringComparison.Ordinal);
        Assert.Contains("7.25", message, StringComparison.Ordinal);
        Assert.DoesNotContain("7.5", message, StringComparison.Ordinal);
        Assert.Contains("2 element(s): not the expected count (3)", GradingRules.Compare("[1,2,3]", "[1,2]", 0)!, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_PassesOnlyWhenEveryProbeMatches()
    {
        var probes = new[] { Probe("1.0"), Probe("2.0") };
        Assert.Equal(GradeStatus.Passed, GradingRules.Judge(probes, [new("ok", "1.0", null), new("ok", "2.0", null)], null, null).Status);
        var failed = GradingRules.Judge(probes, [new("ok", "1.0", null), new("ok", "2.5", null)], null, null);
        Assert.Equal(GradeStatus.Failed, failed.Status);
        Assert.Contains("hidden test 2 of 2: F(0.5) returned 2.5", failed.Message, StringComparison.Ordinal);
        Assert.Equal("look at the sign", failed.Hint);
    }

    [Theory]
    [InlineData("not-answered", GradeStatus.NotAnswered)]
    [InlineData("error", GradeStatus.Failed)]
    [InlineData("undefined", GradeStatus.Error)]
    [InlineData("timeout", GradeStatus.Timeout)]
    [InlineData("memory", GradeStatus.Memory)]
    [InlineData("violation", GradeStatus.ProtocolViolation)]
    [InlineData("crashed", GradeStatus.Crashed)]
    public void Judge_MapsTheWorkersOutcome(string outcome, GradeStatus status) =>
        Assert.Equal(status, GradingRules.Judge([Probe("1.0")], [new(outcome, null, "why")], null, null).Status);

    [Fact]
    public void Judge_ReportsInstructorErrors_AndMissingResults()
    {
        Assert.Equal(GradeStatus.InstructorError, GradingRules.Judge([], [], null, null).Status);
        Assert.Equal(GradeStatus.InstructorError, GradingRules.Judge([Probe("1.0", problem: "NaN")], [null], null, null).Status);
        Assert.Equal(GradeStatus.Error, GradingRules.Judge([Probe("1.0")], [null], "error CS1002: ; expected", null).Status);
        var stopped = GradingRules.Judge([Probe("1.0")], [null], null, new WorkerStop(GradeStatus.Memory, "memory limit"));
        Assert.Equal((GradeStatus.Memory, "memory limit"), (stopped.Status, stopped.Message));
        Assert.Equal(GradeStatus.Crashed, GradingRules.Judge([Probe("1.0")], [null], null, null).Status);
    }

    [Fact]
    public void ContainsNaN_FindsNestedNaN() =>
        Assert.Equal((true, false), (GradingRules.ContainsNaN("[[1.0,{\"double\":\"NaN\"}]]"), GradingRules.ContainsNaN("[{\"double\":\"Infinity\"}]")));

    [Fact]
    public void StatusNames_RoundTrip() =>
        Assert.All(Enum.GetValues<GradeStatus>(), s => Assert.Equal(s, GradeStatusNames.Parse(s.Name())));
}
