using System.Text;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// The results folder, written by the grader alone. It is created fresh, or reused only when an earlier grade run made
/// it (it holds <see cref="StateFolderName"/>). Every write goes to a new temporary file and is renamed into place;
/// a symbolic link found where the grader writes is removed, never followed.
/// </summary>
internal sealed class ResultsFolder
{
    /// <summary>The grader's own folder inside the results folder: its marker, state and record cache.</summary>
    public const string StateFolderName = ".gradientcourse-grade";

    private ResultsFolder(string root) => Root = root;

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>Opens or creates the folder; null with the reason when it may not be used.</summary>
    public static ResultsFolder? Open(string path, out string? refusal)
    {
        refusal = null;
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null || (File.Exists(path) && new FileInfo(path).LinkTarget is not null))
        {
            refusal = $"{path} is a symbolic link; give the real folder";
            return null;
        }

        if (File.Exists(path))
        {
            refusal = $"{path} is a file, not a folder";
            return null;
        }

        var marker = new DirectoryInfo(Path.Combine(path, StateFolderName));
        if (info.Exists && info.EnumerateFileSystemInfos().Any() && (!marker.Exists || marker.LinkTarget is not null))
        {
            refusal = $"{path} exists, is not empty and was not made by an earlier grade run; give a new folder (the grader never writes into folders it did not create)";
            return null;
        }

        try
        {
            Directory.CreateDirectory(path);
            var folder = new ResultsFolder(Path.GetFullPath(path));
            folder.WriteText(Path.Combine(StateFolderName, "README"), "Made by `GradientCourse.Runner grade`: its state (resume) and the recorded hidden-test results (cache). Do not edit.\n");
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refusal = $"{path} cannot be written: {e.Message}";
            return null;
        }
    }

    /// <summary>Writes <paramref name="relative"/> atomically; links on the way are replaced by real folders.</summary>
    public void WriteText(string relative, string text)
    {
        var target = SafePath(relative, create: true)!;
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.tmp");
        if (File.Exists(temp) || Directory.Exists(temp))
        {
            File.Delete(temp);
        }

        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(text);
        }

        if (Directory.Exists(target) && new DirectoryInfo(target).LinkTarget is null)
        {
            Directory.Delete(target, recursive: true);
        }

        File.Move(temp, target, overwrite: true); // rename(2): replaces a link at the target, never follows it
    }

    /// <summary>The text of <paramref name="relative"/>, or null when it is absent or a link.</summary>
    public string? ReadText(string relative)
    {
        var path = SafePath(relative, create: false);
        if (path is null)
        {
            return null;
        }

        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null ? File.ReadAllText(path) : null;
    }

    /// <summary>Deletes the files of <paramref name="folder"/> (relative) that are not in <paramref name="keep"/>.</summary>
    public void Prune(string folder, IReadOnlySet<string> keep)
    {
        var path = SafePath(Path.Combine(folder, "x"), create: false);
        var directory = path is null ? null : Path.GetDirectoryName(path);
        if (directory is null || !Directory.Exists(directory) || new DirectoryInfo(directory).LinkTarget is not null)
        {
            return;
        }

        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (!keep.Contains(entry.Name))
            {
                if (entry is DirectoryInfo { LinkTarget: null } dir)
                {
                    dir.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }
    }

    /// <summary>The full path of <paramref name="relative"/>; with <paramref name="create"/>, its folders are made real
    /// folders; without, null when a link or file stands in the way.</summary>
    private string? SafePath(string relative, bool create)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (parts[i] is "." or "..")
            {
                throw new ArgumentException($"'{relative}' leaves the results folder", nameof(relative));
            }

            current = Path.Combine(current, parts[i]);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null || (File.Exists(current) && !info.Exists))
            {
                if (!create)
                {
                    return null;
                }

                File.Delete(current); // a planted link or file: removed, not followed
            }

            if (create)
            {
                Directory.CreateDirectory(current);
            }
        }

        return Path.Combine(current, parts[^1]);
    }
}
