namespace GradientCourse.Kernel.Tests;

/// <summary>The repository and the built runner.</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The configuration the tests were built in; the runner was built in the same.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string RunnerDll { get; } =
        Path.Combine(RepoRoot, "src", "GradientCourse.Runner", "bin", Configuration, "net10.0", "GradientCourse.Runner.dll");

    public static string NotebookFolder { get; } = Path.Combine(RepoRoot, "notebooks");

    /// <summary>The committed notebooks, in course order.</summary>
    public static IReadOnlyList<string> Notebooks { get; } =
        Directory.GetFiles(NotebookFolder, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradientCourse.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GradientCourse.sln not found above " + AppContext.BaseDirectory);
    }
}
