using System.Text;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>Bad input gets a clear error that says what was wrong and how to fix it, before anything runs; nothing is lost.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("NaN")]
    public void Timeout_NotPositive_RefusedBeforeAnyNotebookRuns(string timeout)
    {
        var dir = TempDirectory("timeout-arg");
        WriteNotebook(dir, "nb", Cell.Code("1"));

        var result = Run("run", Path.Combine(dir, "nb.ipynb"), "--out", Path.Combine(dir, "out"), "--timeout", timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--timeout {timeout} is not a usable time limit", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("== nb", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Out_AFileOrUnwritable_RefusedBeforeAnyNotebookRuns_FileKept()
    {
        var dir = TempDirectory("out-file");
        WriteNotebook(dir, "nb", Cell.Code("1"));
        var file = Path.Combine(dir, "out.txt");
        File.WriteAllText(file, "precious");

        var onFile = Run("run", Path.Combine(dir, "nb.ipynb"), "--out", file);
        var unwritable = Run("run", Path.Combine(dir, "nb.ipynb"), "--out", "/proc/gradientcourse-out");

        Assert.Equal(2, onFile.ExitCode);
        Assert.Contains("is a file, not a folder", onFile.Stderr, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(file));
        Assert.Equal(2, unwritable.ExitCode);
        Assert.Contains("--out /proc/gradientcourse-out: cannot write there", unwritable.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("== nb", onFile.Stdout + unwritable.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_TheRepositoryOrALinkToTheNotebooks_RefusedForBuildAndRun_CommittedNotebooksUntouched()
    {
        var notebook = Path.Combine(RepoRoot, "notebooks", "00-welcome.ipynb");
        var before = File.ReadAllBytes(notebook);
        var link = Path.Combine(TempDirectory("out-link"), "notebooks-link");
        Directory.CreateSymbolicLink(link, Path.Combine(RepoRoot, "notebooks"));

        var buildDot = Run("build", "--out", ".");
        var buildLink = Run("build", "--out", link, "--no-site");
        var runRoot = Run("run", notebook, "--out", RepoRoot);

        foreach (var result in new[] { buildDot, buildLink, runRoot })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("the results would overwrite or mix with the instructor's files", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("== 00-welcome", result.Stdout, StringComparison.Ordinal);
        }
        Assert.Contains($"which is the source folder {RepoRoot}", buildDot.Stderr, StringComparison.Ordinal);
        Assert.Contains($"resolves to {Path.Combine(RepoRoot, "notebooks")}", buildLink.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(notebook));
        Assert.False(Directory.Exists(Path.Combine(RepoRoot, "notebooks", "notebooks")));
    }

    [Fact]
    public void Notebook_NotUtf8_RefusedWithItsName_BuildGoesOn()
    {
        var dir = TempDirectory("latin1");
        WriteNotebook(dir, "01-good", Cell.Code("1"));
        var bad = WriteNotebook(dir, "02-latin1", Cell.Md("# Cafe"), Cell.Code("2"));
        File.WriteAllBytes(bad, Encoding.Latin1.GetBytes(File.ReadAllText(bad).Replace("Cafe", "Caf\u00e9", StringComparison.Ordinal)));

        var result = Run("build", "--notebooks", dir, "--out", Path.Combine(dir, "out"), "--no-site");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("02-latin1.ipynb: not UTF-8", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Re-save it as UTF-8", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"01-good\s+passed", result.Stdout);
    }

    [Fact]
    public void Notebook_Nbformat3_GetsTheConversionCommand()
    {
        var dir = TempDirectory("nbformat3");
        var path = Path.Combine(dir, "old.ipynb");
        File.WriteAllText(path, """{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}""");

        var result = Run("run", path, "--out", Path.Combine(dir, "out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("old.ipynb: nbformat 3 is too old", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("jupyter nbconvert --to notebook --nbformat 4 --inplace \"old.ipynb\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Site_OfflineAndKatexNotCached_SaidBeforeAnyNotebookRuns_SummaryStillPrinted()
    {
        var dir = TempDirectory("offline");
        WriteNotebook(dir, "01-one", Cell.Md("# One"), Cell.Code("1"));
        var environment = new Dictionary<string, string>
        {
            ["GRADIENTCOURSE_CACHE"] = Path.Combine(dir, "empty-cache"),
            ["GRADIENTCOURSE_NPM_REGISTRY"] = "http://127.0.0.1:9",
        };

        var result = Run(environment, "build", "--notebooks", dir, "--out", Path.Combine(dir, "out"));

        Assert.Equal(1, result.ExitCode);
        var notice = result.Stdout.IndexOf("== site: KaTeX 0.16.22", StringComparison.Ordinal);
        Assert.True(notice >= 0, result.ToString());
        Assert.True(notice < result.Stdout.IndexOf("== 01-one", StringComparison.Ordinal), "the site problem must be reported before notebooks run");
        Assert.Contains("could not be downloaded", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"01-one\s+passed\s+1/1", result.Stdout);
        Assert.Contains("SITE NOT BUILT", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "out", "notebooks", "01-one.ipynb")));
    }
}
