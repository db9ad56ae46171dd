using System.Text;
using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Grading.GradingProcess;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary><c>grade --student-repo</c> on a sample student repository: points in GitHub Classroom's format.</summary>
public class ClassroomTests
{
    [Fact]
    public void StudentRepoMode_ReportsPointsInTheAutogradingFormat()
    {
        var root = TempDirectory("classroom");
        var instructor = Path.Combine(root, "instructor", "notebooks");
        var repo = Path.Combine(root, "student-repo");
        var source = Notebook(
            Code("setup", "#r \"../src/GradientCourse/bin/Debug/net10.0/GradientCourse.dll\"\nusing GradientCourse;"),
            Markdown("ex-60-1", "### Exercise 60.1 (2 points)\n\nTwice `x`."),
            Code("ex-60-1-answer", "double Twice(double x)\n{\n    // BEGIN SOLUTION\n    return 2 * x;\n    // END SOLUTION\n}"),
            Code("ex-60-1-hidden", "// BEGIN HIDDEN TESTS\nExercises.Probe(\"60.1\", nameof(Twice), [0.25]);\n// END HIDDEN TESTS"),
            Markdown("ex-60-2", "### Exercise 60.2 (3 points)\n\nThrice `x`."),
            Code("ex-60-2-answer", "double Thrice(double x)\n{\n    // BEGIN SOLUTION\n    return 3 * x;\n    // END SOLUTION\n}"),
            Code("ex-60-2-hidden", "// BEGIN HIDDEN TESTS\nExercises.Probe(\"60.2\", nameof(Thrice), [4.0]);\n// END HIDDEN TESTS"));
        Save(source, Path.Combine(instructor, "60-classroom.ipynb"));
        // The student's repository: the released notebook with 60.1 answered and 60.2 left as the stub.
        var released = Path.Combine(root, "released");
        Assert.Equal(0, RunLong(TimeSpan.FromMinutes(2), "release", "--notebooks", instructor, "--out", released).ExitCode);
        var student = WithCells((JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(released, "60-classroom.ipynb")))!,
            ("ex-60-1-answer", "double Twice(double x) => x + x;"));
        Save(student, Path.Combine(repo, "notebooks", "60-classroom.ipynb"));
        var githubOutput = Path.Combine(root, "github-output");
        File.WriteAllText(githubOutput, "");

        var result = RunWithOutput(githubOutput, "grade", "--student-repo", repo, "--source", instructor, "--out", Path.Combine(root, "grades"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("::notice title=Autograding::Points 2/5", result.Stdout, StringComparison.Ordinal);
        var line = File.ReadAllLines(githubOutput).Single(l => l.StartsWith("result=", StringComparison.Ordinal));
        var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(line["result=".Length..])))!;
        Assert.Equal(1, json["version"]!.GetValue<int>());
        Assert.Equal(5, json["max_score"]!.GetValue<int>());
        Assert.Equal("fail", json["status"]!.GetValue<string>());
        var tests = json["tests"]!.AsArray();
        Assert.Equal(2, tests.Count);
        Assert.Equal(2, tests.Sum(t => t!["score"]!.GetValue<int>()));
        Assert.Equal(["pass", "fail"], tests.Select(t => t!["status"]!.GetValue<string>()));
        Assert.Contains("not-answered", tests[1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(json.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(root, "grades", "autograding.json")))!.ToJsonString());
    }

    [Fact]
    public void WorkflowTemplate_GradesTheStudentRepo_AndFeedsTheReporter()
    {
        var workflow = File.ReadAllText(Path.Combine(RepoRoot, ".github", "classroom", "autograding.yml"));
        Assert.Contains("grade --student-repo . --source instructor/notebooks", workflow, StringComparison.Ordinal);
        Assert.Contains("education/autograding-grading-reporter@v1", workflow, StringComparison.Ordinal);
        Assert.Contains("GRADIENTCOURSE_RESULTS: \"${{ steps.gradientcourse.outputs.result }}\"", workflow, StringComparison.Ordinal);
        Assert.Contains("runners: gradientcourse", workflow, StringComparison.Ordinal);
    }

    private static RunResult RunWithOutput(string githubOutput, params string[] args) =>
        Run(new Dictionary<string, string> { ["GITHUB_OUTPUT"] = githubOutput }, args);
}
