using System.Text.Json.Nodes;
using GradientCourse;

namespace GradientCourse.Tests.Exercises;

/// <summary>The probes' data format and the invoker the grading worker calls (hand-written expected JSON).</summary>
public class ProbeJsonTests
{
    private static JsonNode Outcome(Delegate function, string args) => JsonNode.Parse(ProbeJson.Invoke(function, args))!;

    [Fact]
    public void Invoke_ConvertsArgumentsToParameterTypes_AndTheResultToJson()
    {
        var sum = Outcome((Func<Matrix, double[], int, double>)((m, v, k) => m[1, 0] + v[1] + k), "[[[1,2],[3,4]],[0.5,0.25],2]");
        Assert.Equal("ok", sum["status"]!.GetValue<string>());
        Assert.Equal(5.25, sum["value"]!.GetValue<double>());
        var rows = Outcome((Func<double[][], Matrix>)(r => Matrix.FromRows(r)), "[[[1.5],[-2]]]");
        Assert.Equal("[[1.5],[-2]]", rows["value"]!.ToJsonString());
        Assert.Equal("\"C\"", Outcome((Func<string>)(() => "C"), "[]")["value"]!.ToJsonString());
    }

    [Fact]
    public void Invoke_EncodesNonFiniteNumbers()
    {
        Assert.Equal("[{\"double\":\"NaN\"},{\"double\":\"-Infinity\"},1]",
            Outcome((Func<double[]>)(() => [double.NaN, double.NegativeInfinity, 1]), "[]")["value"]!.ToJsonString());
        Assert.Equal(8.0, Outcome((Func<double, double>)(x => x == double.PositiveInfinity ? 8 : 0), "[{\"double\":\"Infinity\"}]")["value"]!.GetValue<double>());
    }

    [Fact]
    public void Invoke_ReportsStubsThrowsAndBadSignaturesAsData()
    {
        Assert.Equal("not-answered", Outcome((Func<double>)(() => throw new NotImplementedException()), "[]")["status"]!.GetValue<string>());
        var thrown = Outcome((Func<double>)(() => throw new InvalidOperationException("boom")), "[]");
        Assert.Equal(("error", true), (thrown["status"]!.GetValue<string>(), thrown["message"]!.GetValue<string>().Contains("InvalidOperationException: boom", StringComparison.Ordinal)));
        Assert.Contains("takes 1 parameter(s), the grader passes 2", Outcome((Func<double, double>)(x => x), "[1,2]")["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("is not", Outcome((Func<object>)(() => new object()), "[]")["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("error", Outcome((Func<int, int>)(x => x), "[\"seven\"]")["status"]!.GetValue<string>());
    }

    [Fact]
    public void Probe_RecordsDataOnly_AndTakeRecordedProbesEmptiesTheList()
    {
        GradientCourse.Exercises.TakeRecordedProbes();
        var record = GradientCourse.Exercises.Probe("07.1", "Normalize", [new double[][] { [1, 2], [3, 4] }, 1e-5, Matrix.Filled(1, 2, 0.5)], tolerance: 1e-9, hints: ["column by column"]);
        Assert.Equal("[[[1,2],[3,4]],1E-05,[[0.5,0.5]]]", record.ArgumentsJson);
        var all = JsonNode.Parse(GradientCourse.Exercises.TakeRecordedProbes())!.AsArray();
        Assert.Single(all);
        Assert.Equal("Normalize", all[0]!["function"]!.GetValue<string>());
        Assert.Equal("column by column", all[0]!["hints"]![0]!.GetValue<string>());
        Assert.Equal("[]", GradientCourse.Exercises.TakeRecordedProbes());
        Assert.Throws<ArgumentException>(() => GradientCourse.Exercises.Probe("07.1", "F", [new object()]));
    }
}
