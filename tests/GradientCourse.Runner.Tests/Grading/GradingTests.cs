using System.Diagnostics;
using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Grading.GradingProcess;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>End to end: the grade verb on the fixture class (see <see cref="GradingFixture"/>).</summary>
public class GradingTests(GradingFixture fixture) : IClassFixture<GradingFixture>
{
    // Points per (student, exercise) and the status the grader must give. 50.1 (2), 50.2 (1), 50.3 (1), 50.4 (1, the
    // instructor's own result is NaN: an instructor error for everyone).
    public static TheoryData<string, string, int, string> Expected() => new()
    {
        { "correct", "50.1", 2, "passed" }, { "correct", "50.2", 1, "passed" }, { "correct", "50.3", 1, "passed" }, { "correct", "50.4", 0, "instructor-error" },
        { "blank", "50.1", 0, "not-answered" }, { "blank", "50.2", 0, "not-answered" }, { "blank", "50.3", 0, "not-answered" }, { "blank", "50.4", 0, "instructor-error" },
        { "partial", "50.1", 0, "failed" }, { "partial", "50.2", 0, "failed" }, { "partial", "50.3", 1, "passed" },
        { "crash", "50.1", 0, "failed" }, { "crash", "50.2", 1, "passed" },
        { "loop", "50.1", 0, "timeout" }, { "loop", "50.2", 1, "passed" }, { "loop", "50.3", 1, "passed" },
        { "bomb", "50.1", 0, "memory" }, { "bomb", "50.2", 1, "passed" },
        { "native", "50.1", 0, "memory" }, { "native", "50.2", 1, "passed" }, { "native", "50.3", 1, "passed" },
        { "exit", "50.1", 0, "crashed" }, { "exit", "50.2", 1, "passed" },
        { "malformed", "50.1", 0, "malformed" }, { "malformed", "50.3", 0, "malformed" },
        { "deleted", "50.1", 0, "missing" }, { "deleted", "50.2", 0, "missing" }, { "deleted", "50.3", 1, "passed" },
        { "flood", "50.1", 0, "protocol-violation" }, { "flood", "50.2", 1, "passed" },
        { "forged", "50.1", 0, "protocol-violation" }, { "forged", "50.2", 1, "passed" },
        { "child", "50.1", 2, "passed" }, { "child", "50.2", 1, "passed" },
        { "reader", "50.3", 0, "failed" }, { "reader", "50.1", 2, "passed" },
        { "scanner", "50.3", 0, "failed" },
        { "writer", "50.3", 0, "failed" },
        { "tmpfs", "50.3", 0, "failed" }, { "tmpfs", "50.2", 1, "passed" },
    };

    [Fact]
    public void Grade_Succeeds_InTheSandbox()
    {
        Assert.True(fixture.Grade.ExitCode == 0, fixture.Grade.ToString());
        Assert.DoesNotContain("WARNING: no OS sandbox", fixture.Grade.Stdout, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("blank", "50.1", "not answered yet")]
    [InlineData("partial", "50.1", "Square(-1.5) returned 2.35: not the expected value")]
    [InlineData("crash", "50.1", "threw InvalidOperationException: boom")]
    [InlineData("loop", "50.1", "time limit")]
    [InlineData("bomb", "50.1", "memory")]
    [InlineData("native", "50.1", "memory limit")]
    [InlineData("exit", "50.1", "ended unexpectedly")]
    [InlineData("malformed", "50.2", "not valid notebook JSON")]
    [InlineData("deleted", "50.1", "'ex-50-1-answer' is not in the submission")]
    [InlineData("deleted", "50.2", "'ex-50-2-answer' is not in the submission")]
    [InlineData("correct", "50.4", "is NaN")]
    [InlineData("flood", "50.1", "MB to the grader's channel")]
    [InlineData("forged", "50.1", "forged results are never accepted")]
    [InlineData("reader", "50.3", "returned \"no access\"")]
    [InlineData("scanner", "50.3", "returned \"not found in")]
    [InlineData("writer", "50.3", "returned \"nothing writable\"")]
    [InlineData("tmpfs", "50.3", "No space left on device")]
    public void Grade_GivesAnHonestReason(string student, string exercise, string reason)
    {
        var row = fixture.Table()[(student, exercise)];
        Assert.True(row.Message.Contains(reason, StringComparison.Ordinal), $"{student} {exercise}: {row.Status}: {row.Message}");
    }

    [Fact]
    public void Feedback_PerStudent_HasVerdictsAndHints()
    {
        var partial = File.ReadAllText(Path.Combine(fixture.Out, "feedback", "partial.md"));
        Assert.Contains("**Total: 1 / 5 points**", partial, StringComparison.Ordinal);
        Assert.Contains("Hint: square negative numbers too", partial, StringComparison.Ordinal);
        Assert.Contains("### Exercise 50.3: passed", partial, StringComparison.Ordinal);
        Assert.Equal(17, Directory.GetFiles(Path.Combine(fixture.Out, "feedback"), "*.md").Length);
    }

    [Fact]
    public void Attacks_WriteNothingOutsideTheirScratch_AndLeaveNoProcess()
    {
        // The child attack slept 3 s before writing into grades.csv; it must have died with its worker.
        Thread.Sleep(TimeSpan.FromSeconds(5));
        Assert.Equal(fixture.Grades, File.ReadAllText(Path.Combine(fixture.Out, "grades.csv")));
        var survivors = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Where(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(fixture.ChildMarker, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            }).ToList();
        Assert.Empty(survivors);
        Assert.Equal(fixture.SourceHash, GradingFixture.Hash(Path.Combine(fixture.Source, "50-probes.ipynb")));
        Assert.Equal(fixture.LibraryHash, GradingFixture.Hash(LibraryDll));
        Assert.False(File.Exists(Path.Combine(fixture.Out, "feedback", "planted.md")));
        Assert.Null(new FileInfo(Path.Combine(fixture.Out, "totals.csv")).LinkTarget);
        Assert.False(File.Exists("/dev/shm/gc-fill"));
        Assert.False(File.Exists("/tmp/gc-fill"));
    }

    [Fact]
    public void Worker_GetsNoKey_AndNoExpectedValue()
    {
        // The scanner searched its environment, arguments, standard input and readable memory for the instructor's
        // result; the grader never sends one, so it found nothing (and scanned a real amount of memory).
        var row = fixture.Table()[("scanner", "50.3")];
        var megabytes = int.Parse(System.Text.RegularExpressions.Regex.Match(row.Message, @"not found in (\d+) MB").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(megabytes > 50, row.Message);
    }

    [Fact]
    public void SecondRun_IntoTheSameFolder_SkipsUnchangedSubmissions_AndReplacesPlantedLinks()
    {
        var victim = Path.Combine(fixture.Root, "victim.txt");
        var victimDir = Path.Combine(fixture.Root, "victim-dir");
        File.WriteAllText(victim, "keep me");
        Directory.CreateDirectory(victimDir);
        var before = File.ReadAllText(Path.Combine(fixture.Out, "grades.csv"));
        File.Delete(Path.Combine(fixture.Out, "totals.csv"));
        File.CreateSymbolicLink(Path.Combine(fixture.Out, "totals.csv"), victim);
        Directory.Delete(Path.Combine(fixture.Out, "feedback"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(fixture.Out, "feedback"), victimDir);

        var again = RunLong(TimeSpan.FromMinutes(5), "grade", "--submissions", fixture.Submissions, "--out", fixture.Out, "--source", fixture.Source,
            "--timeout", "30", "--notebook-timeout", "300", "--memory", "1024");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("unchanged", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("recording", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(fixture.Out, "grades.csv")));
        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.Empty(Directory.GetFileSystemEntries(victimDir));
        Assert.Null(new FileInfo(Path.Combine(fixture.Out, "totals.csv")).LinkTarget);
        Assert.Null(new DirectoryInfo(Path.Combine(fixture.Out, "feedback")).LinkTarget);
    }

    [Fact]
    public void FreshRun_GivesByteIdenticalGrades()
    {
        string[] students = ["blank", "correct", "partial"];
        var subset = Path.Combine(fixture.Root, "subset");
        foreach (var student in students)
        {
            var from = Path.Combine(fixture.Submissions, student);
            var file = Directory.Exists(from) ? Path.Combine(from, "50-probes.ipynb") : Path.Combine(fixture.Submissions, student + "__50-probes.ipynb");
            Directory.CreateDirectory(Path.Combine(subset, student));
            File.Copy(file, Path.Combine(subset, student, "50-probes.ipynb"));
        }

        var fresh = Path.Combine(fixture.Root, "fresh");
        var result = RunLong(TimeSpan.FromMinutes(10), "grade", "--submissions", subset, "--out", fresh, "--source", fixture.Source,
            "--timeout", "30", "--notebook-timeout", "300", "--memory", "1024");
        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = string.Concat(fixture.Grades.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where((line, i) => i == 0 || students.Contains(line[..line.IndexOf(',', StringComparison.Ordinal)]))
            .Select(line => line + "\n"));
        Assert.Equal(expected, File.ReadAllText(Path.Combine(fresh, "grades.csv")));
    }

    [Fact]
    public void Grade_RefusesOutputFoldersItMustNotWrite()
    {
        Assert.Equal(2, RunLong(TimeSpan.FromMinutes(2), "grade", "--submissions", fixture.Submissions, "--out", Path.Combine(fixture.Submissions, "out"), "--source", fixture.Source).ExitCode);
        var foreign = Path.Combine(fixture.Root, "foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        var refused = RunLong(TimeSpan.FromMinutes(2), "grade", "--submissions", fixture.Submissions, "--out", foreign, "--source", fixture.Source);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("was not made by an earlier grade run", refused.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_WithoutSandbox_RefusesUntrustedSubmissions_AndSaysWhy()
    {
        var result = Run(new Dictionary<string, string> { ["GRADIENTCOURSE_SANDBOX"] = "off" },
            "grade", "--submissions", fixture.Submissions, "--out", Path.Combine(fixture.Root, "unsandboxed"), "--source", fixture.Source);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refusing to run submitted code without the OS sandbox", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--no-sandbox-i-trust-these-submissions", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_DropsHiddenCells_AndStubsSolutions()
    {
        var text = fixture.Released.ToJsonString();
        Assert.DoesNotContain("Exercises.Probe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SENTINEL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("return x * x;", text, StringComparison.Ordinal);
        Assert.Contains("Exercise 50.1: your code here", text, StringComparison.Ordinal);
    }
}
