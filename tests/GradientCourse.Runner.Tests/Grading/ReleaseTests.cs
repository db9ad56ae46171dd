using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>The release verb on the real course notebooks.</summary>
public class ReleaseTests
{
    // Text that appears only inside solution or hidden-test regions of 00 and 01.
    private static readonly string[] SolutionText =
    [
        "return 1.0 / (1.0 + Math.Exp(-2.0));", "return (4 * 8 + 8) + (8 * 8 + 8) + (8 * 1 + 1);",
        "return 2 * (a2 - y) * (1 - a2 * a2) * w2 * (1 - a1 * a1) * x;", "return (f(x + eps) - f(x - eps)) / (2 * eps);",
        "return \"C\";", "BEGIN HIDDEN TESTS", "CentralDifference(Math.Sin",
    ];

    [Fact]
    public void Release_RemovesSolutionsAndHiddenTests_IsIdempotent_AndTheCopyRunsWithEveryCheckNotAnswered()
    {
        var sources = Path.Combine(RepoRoot, "notebooks");
        var before = Directory.GetFiles(sources, "*.ipynb").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        // A sibling of src/, so that the notebooks' relative #r of the library resolves as in a learner's clone.
        var released = Path.Combine(RepoRoot, $".release-test-{Guid.NewGuid():N}"[..22]);
        var again = Path.Combine(Path.GetTempPath(), "gc-runner-tests", $"release-again-{Guid.NewGuid():N}");
        try
        {
            var result = Run("release", "--notebooks", sources, "--out", released);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(Run("release", "--notebooks", sources, "--out", again).ExitCode == 0);

            foreach (var file in new[] { "00-welcome.ipynb", "01-chain-rule.ipynb" })
            {
                var text = File.ReadAllText(Path.Combine(released, file));
                foreach (var solution in SolutionText)
                    Assert.DoesNotContain(solution, text, StringComparison.Ordinal);
                Assert.Equal(text, File.ReadAllText(Path.Combine(again, file))); // byte-identical re-run
                var notebook = JsonNode.Parse(text)!.AsObject();
                var ids = notebook["cells"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
                Assert.DoesNotContain(ids, id => id.EndsWith("-hidden", StringComparison.Ordinal));
                Assert.Contains(ids, id => id.EndsWith("-answer", StringComparison.Ordinal));
                Assert.All(CodeCells(notebook), c => Assert.Empty(c["outputs"]!.AsArray()));
            }
            var chain = File.ReadAllText(Path.Combine(released, "01-chain-rule.ipynb"));
            Assert.Contains("throw new NotImplementedException(\\\"Exercise 01.2: your code here\\\");", chain, StringComparison.Ordinal);
            Assert.Equal(before, Directory.GetFiles(sources, "*.ipynb").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList());
            Assert.Equal(2, Run("release", "--notebooks", sources, "--out", sources).ExitCode); // never over the sources

            // Every notebook: each solution region is exactly the stub, and no hidden test survives.
            var names = Directory.GetFiles(sources, "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
            var expectedChecks = 0;
            foreach (var name in names)
            {
                var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(released, name + ".ipynb")))!.AsObject();
                foreach (var cell in CodeCells(notebook))
                {
                    var id = cell["id"]!.GetValue<string>();
                    var source = Text(cell["source"]);
                    Assert.DoesNotContain("BEGIN HIDDEN TESTS", source, StringComparison.Ordinal);
                    if (id.EndsWith("-check", StringComparison.Ordinal))
                        expectedChecks++;
                    if (!id.EndsWith("-answer", StringComparison.Ordinal))
                        continue;
                    var exercise = id[3..^7].Replace('-', '.');
                    var begin = source.IndexOf("// BEGIN SOLUTION", StringComparison.Ordinal);
                    var end = source.IndexOf("// END SOLUTION", StringComparison.Ordinal);
                    Assert.True(begin >= 0 && end > begin, $"{name} {id}: solution markers missing");
                    var region = source[(begin + "// BEGIN SOLUTION".Length)..end].Trim();
                    Assert.Equal($"throw new NotImplementedException(\"Exercise {exercise}: your code here\");", region);
                }
            }

            // The whole released course runs top to bottom; every check says "not answered yet".
            var executedDir = Path.Combine(Path.GetTempPath(), "gc-runner-tests", $"release-run-{Guid.NewGuid():N}");
            var run = Run("build", "--notebooks", released, "--out", executedDir, "--no-site", "--timeout", "60");
            Assert.True(run.ExitCode == 0, run.ToString());
            var seen = 0;
            foreach (var name in names)
            {
                var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(executedDir, "notebooks", name + ".ipynb")))!.AsObject();
                foreach (var c in CodeCells(executed).Where(c => c["id"]!.GetValue<string>().EndsWith("-check", StringComparison.Ordinal)))
                {
                    seen++;
                    Assert.Contains("not answered yet", string.Concat(c["outputs"]!.AsArray().Select(o => Text(o!["text"]))), StringComparison.Ordinal);
                }
            }

            Assert.Equal(expectedChecks, seen);
            Assert.True(seen >= 2 * names.Count, $"only {seen} exercise checks in {names.Count} notebooks");
        }
        finally
        {
            if (Directory.Exists(released))
                Directory.Delete(released, recursive: true);
            if (Directory.Exists(again))
                Directory.Delete(again, recursive: true);
        }
    }
}
