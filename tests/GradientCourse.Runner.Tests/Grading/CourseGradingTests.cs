using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static GradientCourse.Runner.Tests.Grading.GradingProcess;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>The course's own notebooks, released and graded once (each notebook is recorded once): the instructor's
/// notebooks as submissions, and the released copies as submissions. Adding a notebook adds its cases.</summary>
public sealed class CourseGradingFixture
{
    public CourseGradingFixture()
    {
        Root = TempDirectory("course-grading");
        Sources = Path.Combine(RepoRoot, "notebooks");
        Names = [.. Directory.GetFiles(Sources, "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Cast<string>()];
        Released = Path.Combine(Root, "released");
        Release = RunLong(TimeSpan.FromMinutes(5), "release", "--notebooks", Sources, "--out", Released);
        ReleasedAgain = Path.Combine(Root, "released-again");
        ReleaseAgain = RunLong(TimeSpan.FromMinutes(5), "release", "--notebooks", Sources, "--out", ReleasedAgain);
        var submissions = Path.Combine(Root, "submissions");
        foreach (var name in Names)
        {
            Directory.CreateDirectory(Path.Combine(submissions, "instructor"));
            File.Copy(Path.Combine(Sources, name + ".ipynb"), Path.Combine(submissions, "instructor", name + ".ipynb"));
            if (File.Exists(Path.Combine(Released, name + ".ipynb")))
            {
                Directory.CreateDirectory(Path.Combine(submissions, "released"));
                File.Copy(Path.Combine(Released, name + ".ipynb"), Path.Combine(submissions, "released", name + ".ipynb"));
            }
        }

        Grade = RunLong(TimeSpan.FromMinutes(90), "grade", "--submissions", submissions, "--out", Path.Combine(Root, "out"), "--source", Sources,
            "--timeout", "300", "--notebook-timeout", "1800", "--memory", "4096");
        var grades = Path.Combine(Root, "out", "grades.csv");
        Rows = File.Exists(grades) ? Table(File.ReadAllText(grades)) : [];
    }

    public string Root { get; }

    public string Sources { get; }

    public string Released { get; }

    public string ReleasedAgain { get; }

    public IReadOnlyList<string> Names { get; }

    internal RunResult Release { get; }

    internal RunResult ReleaseAgain { get; }

    internal RunResult Grade { get; }

    public Dictionary<(string Student, string Exercise), (int Points, int Max, string Status, string Message)> Rows { get; }
}

/// <summary>Issue 12's acceptance tests over every notebook in notebooks/.</summary>
public class CourseGradingTests(CourseGradingFixture fixture) : IClassFixture<CourseGradingFixture>
{
    [Fact]
    public void Release_WritesEveryNotebook_ByteIdenticallyOnRerun()
    {
        Assert.True(fixture.Release.ExitCode == 0, fixture.Release.ToString());
        foreach (var name in fixture.Names)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(fixture.Released, name + ".ipynb")), File.ReadAllText(Path.Combine(fixture.ReleasedAgain, name + ".ipynb")));
        }

        Assert.Equal(2, Run("release", "--notebooks", fixture.Sources, "--out", fixture.Sources).ExitCode);
        Assert.Equal(2, Run("release", "--notebooks", fixture.Sources, "--out", Path.Combine(RepoRoot)).ExitCode); // contains the sources
    }

    [Fact]
    public void InstructorNotebooks_GradeAtFullMarks()
    {
        Assert.True(fixture.Grade.ExitCode == 0, fixture.Grade.ToString());
        var mine = fixture.Rows.Where(r => r.Key.Student == "instructor").ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, r => Assert.True(r.Value.Status == "passed" && r.Value.Points == r.Value.Max,
            $"{r.Key.Exercise}: {r.Value.Status} {r.Value.Points}/{r.Value.Max}: {r.Value.Message}"));
    }

    [Fact]
    public void ReleasedNotebooks_GradeZero_NotAnswered()
    {
        var mine = fixture.Rows.Where(r => r.Key.Student == "released").ToList();
        Assert.Equal(fixture.Rows.Count(r => r.Key.Student == "instructor"), mine.Count);
        Assert.All(mine, r => Assert.True(r.Value.Status == "not-answered" && r.Value.Points == 0,
            $"{r.Key.Exercise}: {r.Value.Status} {r.Value.Points}: {r.Value.Message}"));
    }

    [Fact]
    public void ReleasedNotebooks_RevealNoSolution_NoHiddenTest_NoQuizKey()
    {
        foreach (var name in fixture.Names)
        {
            var source = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Sources, name + ".ipynb")))!.AsObject();
            var released = File.ReadAllText(Path.Combine(fixture.Released, name + ".ipynb"));
            var releasedCode = string.Concat(JsonNode.Parse(released)!["cells"]!.AsArray().Select(c => Text(c!["source"]) + "\n"));
            var (secret, open) = SecretLines(source);
            foreach (var line in secret.Where(l => l.Length >= 12 && !open.Contains(l)))
            {
                Assert.False(releasedCode.Contains(line, StringComparison.Ordinal), $"{name}: the released copy contains the instructor-only line `{line}`");
            }

            foreach (Match key in Regex.Matches(string.Concat(source["cells"]!.AsArray().Select(c => Text(c!["source"]))),
                @"QuizOption\(\s*""(?<key>[^""]+)""\s*,\s*""(?<text>[^""]*)""\s*,\s*true"))
            {
                Assert.DoesNotContain($"QuizOption(\"{key.Groups["key"].Value}\", \"{key.Groups["text"].Value}\", true", releasedCode, StringComparison.Ordinal);
            }

            Assert.DoesNotMatch(@"QuizOption\([^)]*,\s*true\s*,", releasedCode);
            Assert.DoesNotContain("BEGIN HIDDEN TESTS", releasedCode, StringComparison.Ordinal);
            Assert.DoesNotContain("Exercises.Probe(", releasedCode, StringComparison.Ordinal);
        }
    }

    /// <summary>The trimmed lines inside solution and hidden regions (and hidden cells), and the lines elsewhere.</summary>
    private static (List<string> Secret, HashSet<string> Open) SecretLines(JsonObject source)
    {
        var secret = new List<string>();
        var open = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in source["cells"]!.AsArray().Select(c => c!.AsObject()))
        {
            var hiddenCell = cell["id"]?.GetValue<string>().EndsWith("-hidden", StringComparison.Ordinal) == true;
            var inside = false;
            foreach (var raw in Text(cell["source"]).Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith("// BEGIN SOLUTION", StringComparison.Ordinal) || line.StartsWith("// BEGIN HIDDEN TESTS", StringComparison.Ordinal))
                {
                    inside = true;
                    continue;
                }

                if (line.StartsWith("// END SOLUTION", StringComparison.Ordinal) || line.StartsWith("// END HIDDEN TESTS", StringComparison.Ordinal))
                {
                    inside = false;
                    continue;
                }

                (inside || hiddenCell ? secret : (ICollection<string>)open).Add(line);
            }
        }

        return (secret, open);
    }
}
