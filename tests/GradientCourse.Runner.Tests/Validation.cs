using System.Diagnostics;

namespace GradientCourse.Runner.Tests;

/// <summary>nbformat schema validation with Jupyter's own nbformat (Debian: python3-nbformat).</summary>
internal static class Validation
{
    private static readonly Lazy<string?> Python = new(FindPython);

    /// <summary>Fails when the file is not valid nbformat 4 (or when nbformat is missing).</summary>
    public static void AssertValidNbformat(string path)
    {
        Assert.True(Python.Value is not null, "python3-nbformat is required for /usr/bin/python3: run ./course.sh test (it installs it) or apt-get install -y python3-nbformat");
        var start = new ProcessStartInfo(Python.Value) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys, nbformat\nnb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)\nassert nb.nbformat == 4, nb.nbformat\nnbformat.validate(nb)\nprint('valid')");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(path)} is not valid nbformat 4:\n{stderr}{stdout}");
    }

    private static string? FindPython()
    {
        // Debian's interpreter first: a pyenv or venv python3 on PATH may lack the apt-installed module.
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var start = new ProcessStartInfo(candidate, ["-c", "import nbformat"]) { RedirectStandardError = true, RedirectStandardOutput = true };
                using var process = Process.Start(start)!;
                process.WaitForExit();
                if (process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        return null;
    }
}

/// <summary>A fact that needs Jupyter's nbformat module. It never skips: ./course.sh test installs the module, and
/// without it the test fails with that fix.</summary>
internal sealed class NbformatFactAttribute : FactAttribute
{
}

/// <summary>A theory that needs Jupyter's nbformat module; fails (never skips) when it is missing.</summary>
internal sealed class NbformatTheoryAttribute : TheoryAttribute
{
}
