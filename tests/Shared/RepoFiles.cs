namespace GradientCourse.Tests;

/// <summary>Files of the repository, found from the test binary's folder upwards (the folder holding GradientCourse.sln).</summary>
internal static class RepoFiles
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The absolute path of <paramref name="relative"/> (forward slashes work) below the repository root.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "GradientCourse.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir!.FullName;
    }
}
