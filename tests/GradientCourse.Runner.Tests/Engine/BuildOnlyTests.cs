using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary><c>build --only X</c> runs one notebook but keeps the whole course in the site.</summary>
public class BuildOnlyTests
{
    [Fact]
    public void BuildOnly_KeepsCourseMapAndNavigation_OthersShownFromTheEarlierBuild()
    {
        var dir = TempDirectory("only");
        var notebooks = Path.Combine(dir, "nb");
        Directory.CreateDirectory(notebooks);
        WriteNotebook(notebooks, "01-first", Cell.Md("# First"), Cell.Code("\"output of the first\""));
        WriteNotebook(notebooks, "02-second", Cell.Md("# Second"), Cell.Code("2"));
        WriteNotebook(notebooks, "03-third", Cell.Md("# Third"), Cell.Code("3"));
        var output = Path.Combine(dir, "out");
        var full = Run("build", "--notebooks", notebooks, "--out", output, "--only", "01-first");
        Assert.True(full.ExitCode == 0, full.ToString());

        var only = Run("build", "--notebooks", notebooks, "--out", output, "--only", "02-second");

        Assert.True(only.ExitCode == 0, only.ToString());
        Assert.DoesNotContain("== 01-first", only.Stdout, StringComparison.Ordinal);
        var site = Path.Combine(output, "course");
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        Assert.Contains("href=\"01-first.html\"", index, StringComparison.Ordinal);
        Assert.Contains("href=\"02-second.html\"", index, StringComparison.Ordinal);
        Assert.Contains("href=\"03-third.html\"", index, StringComparison.Ordinal);
        Assert.Contains("not run", index, StringComparison.Ordinal);
        var first = File.ReadAllText(Path.Combine(site, "01-first.html"));
        Assert.Contains("shown from the executed copy of an earlier build", first, StringComparison.Ordinal);
        Assert.Contains("output of the first", first, StringComparison.Ordinal);
        var second = File.ReadAllText(Path.Combine(site, "02-second.html"));
        Assert.Contains("href=\"01-first.html\"", second, StringComparison.Ordinal);
        Assert.Contains("href=\"03-third.html\"", second, StringComparison.Ordinal);
        Assert.Contains("This notebook was not run in this build", File.ReadAllText(Path.Combine(site, "03-third.html")), StringComparison.Ordinal);
    }
}
