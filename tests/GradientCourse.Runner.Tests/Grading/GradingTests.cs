using System.Security.Cryptography;
using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>End to end: the grade verb on the fixture class (see <see cref="GradingFixture"/>).</summary>
public class GradingTests(GradingFixture fixture) : IClassFixture<GradingFixture>
{
    // Hand-computed: points per (student, exercise) and the status the grader must give. 00: 00.1 (1), 00.2 (1);
    // 01: 01.1 (2), 01.2 (1), 01.3 (1).
    public static TheoryData<string, string, int, string> Expected() => new()
    {
        { "correct", "00.1", 1, "passed" }, { "correct", "00.2", 1, "passed" },
        { "correct", "01.1", 2, "passed" }, { "correct", "01.2", 1, "passed" }, { "correct", "01.3", 1, "passed" },
        { "blank", "00.1", 0, "not-answered" }, { "blank", "00.2", 0, "not-answered" },
        { "blank", "01.1", 0, "not-answered" }, { "blank", "01.2", 0, "not-answered" }, { "blank", "01.3", 0, "not-answered" },
        { "partial", "00.1", 1, "passed" }, { "partial", "00.2", 0, "failed" },
        { "partial", "01.1", 2, "passed" }, { "partial", "01.2", 0, "failed" }, { "partial", "01.3", 0, "failed" },
        { "crash", "00.1", 0, "missing" }, { "crash", "01.1", 0, "failed" }, { "crash", "01.2", 1, "passed" }, { "crash", "01.3", 1, "passed" },
        { "loop", "01.1", 0, "timeout" }, { "loop", "01.2", 1, "passed" }, { "loop", "01.3", 1, "passed" },
        { "malformed", "01.1", 0, "malformed" }, { "malformed", "01.2", 0, "malformed" }, { "malformed", "01.3", 0, "malformed" },
        { "deleted", "01.1", 0, "missing" }, { "deleted", "01.2", 0, "missing" }, { "deleted", "01.3", 1, "passed" },
        { "tamper", "01.1", 0, "failed" }, { "tamper", "01.2", 0, "failed" }, { "tamper", "01.3", 1, "passed" },
    };

    [Fact]
    public void Grade_Succeeds_AndReleaseWorked()
    {
        Assert.True(fixture.Release.ExitCode == 0, fixture.Release.ToString());
        Assert.True(fixture.Grade.ExitCode == 0, fixture.Grade.ToString());
        Assert.StartsWith("student,exercise,points,max,status,message\n", fixture.Grades, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Grade_GivesTheExpectedPointsAndStatus(string student, string exercise, int points, string status)
    {
        var table = fixture.Table();
        Assert.True(table.TryGetValue((student, exercise), out var row), $"no row for {student} {exercise}\n{fixture.Grades}\n{fixture.Grade}");
        Assert.True(points == row.Points && status == row.Status,
            $"{student} {exercise}: expected {points} {status}, got {row.Points} {row.Status}: {row.Message}\n{fixture.Grade}");
    }

    [Fact]
    public void Totals_MatchTheHandComputedTable()
    {
        var totals = File.ReadAllLines(Path.Combine(fixture.Out, "totals.csv"));
        Assert.Equal(
            ["student,points,max", "blank,0,6", "bomb,2,6", "correct,6,6", "crash,2,6", "deleted,1,6", "loop,2,6", "malformed,0,6", "partial,3,6", "tamper,1,6"],
            totals);
        Assert.Matches(@"(?m)^correct\s+2/2\s+4/4\s+6/6$", fixture.Grade.Stdout);
    }

    [Theory]
    [InlineData("blank", "01.1", "not answered yet")]
    [InlineData("partial", "00.2", "expected about 121")]
    [InlineData("partial", "01.2", "a hidden test failed")]
    [InlineData("partial", "01.3", "is not the best answer")]
    [InlineData("crash", "00.1", "no submission of 00-welcome.ipynb")]
    [InlineData("crash", "01.1", "InvalidOperationException: boom")]
    [InlineData("loop", "01.1", "time limit")]
    [InlineData("malformed", "01.2", "not valid notebook JSON")]
    [InlineData("deleted", "01.1", "'ex-01-1-answer' is not in the submission")]
    [InlineData("deleted", "01.2", "'ex-01-2-answer' is not in the submission")]
    [InlineData("tamper", "01.1", "your answer is 0, expected about 0.0170706")]
    [InlineData("tamper", "01.2", "a hidden test failed")]
    public void Grade_GivesAClearReason(string student, string exercise, string reason)
    {
        var row = fixture.Table()[(student, exercise)];
        Assert.Contains(reason, row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocationBomb_IsStopped_AndTheOtherExercisesStillCount()
    {
        var table = fixture.Table();
        var bomb = table[("bomb", "01.1")];
        Assert.Equal(0, bomb.Points);
        Assert.True(bomb.Status is "failed" or "memory", bomb.ToString());
        Assert.Contains("memory", bomb.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((1, "passed"), (table[("bomb", "01.2")].Points, table[("bomb", "01.2")].Status));
    }

    [Fact]
    public void Feedback_PerStudent_HasVerdictsAndHints()
    {
        var partial = File.ReadAllText(Path.Combine(fixture.Out, "feedback", "partial.md"));
        Assert.Contains("**Total: 3 / 6 points**", partial, StringComparison.Ordinal);
        Assert.Contains("Hint: three Dense layers", partial, StringComparison.Ordinal);
        Assert.Contains("### Exercise 01.1: passed", partial, StringComparison.Ordinal);
        Assert.Equal(9, Directory.GetFiles(Path.Combine(fixture.Out, "feedback"), "*.md").Length);
    }

    [Fact]
    public void Tampering_CannotForgeGradesFiles_AndSubmissionsStayUntouched()
    {
        Assert.DoesNotContain("forged", fixture.Grades, StringComparison.Ordinal);
        Assert.DoesNotContain("tamper,01.1,2", fixture.Grades, StringComparison.Ordinal);
        var tamper = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Submissions, "tamper", "01-chain-rule.ipynb")))!;
        Assert.Contains(tamper["cells"]!.AsArray(), c => Text(c!["source"]) == "Exercises.Value(\"01.1\", () => 1, 1, 1, \"x\");");
        Assert.False(File.Exists(Path.Combine(fixture.Submissions, "tamper", "grades.csv")));
    }

    [Fact]
    public void SecondRun_GivesByteIdenticalGrades()
    {
        // A second run over some of the same submissions (kept short): byte-identical lines, sources untouched.
        var before = Hash(fixture.Submissions);
        string[] students = ["loop", "malformed", "partial", "tamper"];
        var subset = Path.Combine(fixture.Root, "subset");
        foreach (var student in students)
        {
            Directory.CreateDirectory(Path.Combine(subset, student));
            foreach (var file in Directory.GetFiles(Path.Combine(fixture.Submissions, student)))
                File.Copy(file, Path.Combine(subset, student, Path.GetFileName(file)));
        }
        var again = Path.Combine(fixture.Root, "again");
        var result = Run("grade", "--submissions", subset, "--out", again, "--source", fixture.Source, "--timeout", "4", "--memory", "400");
        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = string.Concat(fixture.Grades.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where((line, i) => i == 0 || students.Contains(line[..line.IndexOf(',', StringComparison.Ordinal)]))
            .Select(line => line + "\n"));
        Assert.Equal(expected, File.ReadAllText(Path.Combine(again, "grades.csv")));
        Assert.Equal(before, Hash(fixture.Submissions));
    }

    [Fact]
    public void Grade_RefusesAnOutputFolderInsideTheSubmissions()
    {
        var result = Run("grade", "--submissions", fixture.Submissions, "--out", Path.Combine(fixture.Submissions, "out"), "--source", fixture.Source);
        Assert.Equal(2, result.ExitCode);
    }

    private static string Hash(string directory) => string.Join("\n", Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(f => f + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));
}
