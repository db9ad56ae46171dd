namespace GradientCourse.Runner;

/// <summary>Locates the repository: the nearest folder, walking up, that holds GradientCourse.sln.</summary>
public static class RepoPaths
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string SolutionFile = "GradientCourse.sln";

    /// <summary>Finds the repository root from <paramref name="start"/> (or the current directory), then from this
    /// program's own folder; null when neither is inside the repository.</summary>
    public static string? FindRoot(string? start = null)
    {
        foreach (var origin in new[] { start ?? Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    /// <summary>Like <see cref="FindRoot"/> but throws with a clear message.</summary>
    public static string RequireRoot(string? start = null) =>
        FindRoot(start) ?? throw new InvalidOperationException(
            $"Cannot find {SolutionFile} in the current folder or any parent; run from inside the course repository.");
}
