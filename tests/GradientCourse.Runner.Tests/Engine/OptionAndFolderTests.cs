using GradientCourse.Runner.Execution;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>Command-line values and output folders are checked before anything runs.</summary>
public class OptionAndFolderTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e12)]
    public void Seconds_NotPositiveFiniteAndAtMostADay_IsRefusedWithAnExample(double value)
    {
        var message = OptionChecks.Seconds("--timeout", value);

        Assert.NotNull(message);
        Assert.Contains("greater than 0", message, StringComparison.Ordinal);
        Assert.Contains("--timeout 120", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(120.0)]
    [InlineData(86400.0)]
    public void Seconds_Usable_IsAccepted(double value) => Assert.Null(OptionChecks.Seconds("--timeout", value));

    [Fact]
    public void OutputFolder_EqualToOrContainingASource_IsRefused_InsideTheRepositoryIsFine()
    {
        var repo = FakeRepo();
        var sources = OutputFolder.Sources(repo);

        Assert.Contains("is the source folder", OutputFolder.Problem(repo, "--out", sources), StringComparison.Ordinal);
        Assert.Contains("is the source folder", OutputFolder.Problem(Path.Combine(repo, "notebooks"), "--out", sources), StringComparison.Ordinal);
        Assert.Contains("contains the source folder", OutputFolder.Problem(Path.GetDirectoryName(repo)!, "--out", sources), StringComparison.Ordinal);
        Assert.Null(OutputFolder.Problem(Path.Combine(repo, "artifacts"), "--out", sources));
        Assert.True(Directory.Exists(Path.Combine(repo, "artifacts")));
    }

    [Fact]
    public void OutputFolder_ThroughASymbolicLink_IsResolvedBeforeTheCheck()
    {
        var repo = FakeRepo();
        var elsewhere = TempDirectory("links");
        var toNotebooks = Path.Combine(elsewhere, "to-notebooks");
        var toRepo = Path.Combine(elsewhere, "to-repo");
        Directory.CreateSymbolicLink(toNotebooks, Path.Combine(repo, "notebooks"));
        Directory.CreateSymbolicLink(toRepo, repo);

        var sources = OutputFolder.Sources(repo);

        Assert.Equal(Path.Combine(repo, "notebooks"), OutputFolder.RealPath(toNotebooks));
        Assert.Equal(Path.Combine(repo, "src", "new"), OutputFolder.RealPath(Path.Combine(toRepo, "src", "new")));
        Assert.Contains("is the source folder", OutputFolder.Problem(toNotebooks, "--out", sources), StringComparison.Ordinal);
        Assert.Contains("is the source folder", OutputFolder.Problem(toRepo + "/notebooks/../notebooks", "--out", sources), StringComparison.Ordinal);
        Assert.Null(OutputFolder.Problem(Path.Combine(toRepo, "artifacts"), "--out", sources));
    }

    [Fact]
    public void OutputFolder_AFileOrBelowAFile_IsRefusedWithWhatToDo()
    {
        var dir = TempDirectory("file-out");
        var file = Path.Combine(dir, "results.txt");
        File.WriteAllText(file, "keep me");

        Assert.Contains("is a file, not a folder", OutputFolder.Problem(file, "--out", []), StringComparison.Ordinal);
        Assert.Contains("cannot write there", OutputFolder.Problem(Path.Combine(file, "sub"), "--out", []), StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    private static string FakeRepo()
    {
        var repo = Path.Combine(TempDirectory("repo"), "course");
        Directory.CreateDirectory(Path.Combine(repo, "notebooks"));
        Directory.CreateDirectory(Path.Combine(repo, "src"));
        return repo;
    }
}
