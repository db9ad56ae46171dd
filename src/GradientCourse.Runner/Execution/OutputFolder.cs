namespace GradientCourse.Runner.Execution;

/// <summary>
/// Checks an output folder (<c>build</c>/<c>run --out</c>, <c>release --out</c>, <c>grade --out</c>) before anything
/// runs, so that no verb can overwrite the instructor's work: the folder must not resolve (real path, every symbolic
/// link followed) to a source folder or to a folder that contains one (<c>build --out .</c> would otherwise replace
/// the committed notebooks with executed copies), must not be a file, and must be writable.
/// </summary>
public static class OutputFolder
{
    private const int MaxLinkDepth = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The folders of a repository an output folder may neither be nor contain: the repository root,
    /// notebooks/ and src/ (plus any <paramref name="extra"/> source folders, e.g. <c>--notebooks</c>).</summary>
    public static IReadOnlyList<string> Sources(string? repoRoot, params string?[] extra)
    {
        var folders = new List<string>();
        if (repoRoot is not null)
        {
            folders.Add(repoRoot);
            folders.Add(Path.Combine(repoRoot, "notebooks"));
            folders.Add(Path.Combine(repoRoot, "src"));
        }
        folders.AddRange(extra.OfType<string>());
        return folders;
    }

    /// <summary>Null when <paramref name="path"/> is a usable output folder; otherwise what is wrong and how to fix it.
    /// Creates the folder (as the verb would) to prove that it is writable.</summary>
    /// <param name="path">The folder as given.</param>
    /// <param name="option">The option's name for messages, e.g. <c>--out</c>.</param>
    /// <param name="sources">Folders the output may neither be nor contain (see <see cref="Sources"/>).</param>
    public static string? Problem(string path, string option, IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sources);
        if (path.Trim().Length == 0)
        {
            return $"{option} is empty; give the folder for the results, e.g. {option} artifacts";
        }
        string real;
        try
        {
            real = RealPath(path);
        }
        catch (IOException e)
        {
            return $"{option} {path}: cannot resolve the folder ({e.Message}); give another folder";
        }
        foreach (var source in sources)
        {
            string realSource;
            try
            {
                realSource = RealPath(source);
            }
            catch (IOException)
            {
                continue;
            }
            if (IsSameOrInside(realSource, real))
            {
                var what = string.Equals(real, realSource, PathComparison) ? "is" : "contains";
                return $"{option} {path} resolves to {real}, which {what} the source folder {realSource}: the results would overwrite " +
                       $"or mix with the instructor's files. Choose a folder outside the sources, e.g. {option} artifacts " +
                       "(a folder inside the repository other than notebooks/ or src/ is fine)";
            }
        }
        if (File.Exists(real))
        {
            return $"{option} {path} is a file, not a folder; give a folder (it is created when missing)";
        }
        try
        {
            Directory.CreateDirectory(real);
            var probe = Path.Combine(real, $".gc-write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"{option} {path}: cannot write there ({e.Message}); give a folder you can write to";
        }
        return null;
    }

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or lies inside it (both real paths).</summary>
    public static bool IsSameOrInside(string inner, string outer)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(outer);
        var a = Path.TrimEndingDirectorySeparator(inner);
        var b = Path.TrimEndingDirectorySeparator(outer);
        if (string.Equals(a, b, PathComparison))
        {
            return true;
        }
        var prefix = b.EndsWith(Path.DirectorySeparatorChar) ? b : b + Path.DirectorySeparatorChar;
        return a.StartsWith(prefix, PathComparison);
    }

    /// <summary>The absolute path with every symbolic link resolved, component by component (missing trailing
    /// components are kept as given, so a folder that does not exist yet resolves through its existing parents).</summary>
    public static string RealPath(string path) => RealPath(Path.GetFullPath(path), 0);

    private static string RealPath(string full, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw new IOException($"too many levels of symbolic links at {full}");
        }
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var candidate = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(candidate) ? new DirectoryInfo(candidate) : new FileInfo(candidate);
            if (info.Exists && info.LinkTarget is { } target)
            {
                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                current = RealPath(Path.GetFullPath(resolved), depth + 1);
            }
            else if (!info.Exists && info.LinkTarget is { } dangling)
            {
                // a link to a missing target: the folder would be created there
                var resolved = Path.IsPathRooted(dangling) ? dangling : Path.Combine(current, dangling);
                current = RealPath(Path.GetFullPath(resolved), depth + 1);
            }
            else
            {
                current = candidate;
            }
        }
        return current;
    }
}
