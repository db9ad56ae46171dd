namespace GradientCourse.Runner.Grading;

/// <summary>Options of the <c>grade</c> verb.</summary>
/// <param name="SubmissionsDirectory">The submissions (only read).</param>
/// <param name="OutputDirectory">Where grades.csv, totals.csv and feedback/ go (created by the grader).</param>
/// <param name="SourceDirectory">The instructor's notebooks (only read; never shown to a worker that runs student code).</param>
/// <param name="CellTimeout">Longest a single cell or probe call may run.</param>
/// <param name="NotebookTimeout">Wall-clock limit for grading one student's notebook.</param>
/// <param name="MemoryMegabytes">Memory limit of a worker: managed heap, native memory and its tmpfs scratch together.</param>
/// <param name="AllowUnsandboxed">Run student code without the OS sandbox (only for submissions the instructor trusts).</param>
/// <param name="StudentRepository">GitHub Classroom mode: one student, the notebooks of this repository; writes the
/// autograding result.</param>
public sealed record GradeOptions(string SubmissionsDirectory, string OutputDirectory, string SourceDirectory,
    TimeSpan CellTimeout, TimeSpan NotebookTimeout, int MemoryMegabytes, bool AllowUnsandboxed = false, bool StudentRepository = false);

/// <summary>One line of grades.csv.</summary>
/// <param name="Student">The student (folder or file-name prefix).</param>
/// <param name="Notebook">The source notebook's name.</param>
/// <param name="Exercise">The exercise id.</param>
/// <param name="Points">Points given.</param>
/// <param name="Max">Points possible (from the heading).</param>
/// <param name="Status">How it was graded.</param>
/// <param name="Message">What was found.</param>
/// <param name="Hint">What to look at, or null.</param>
public sealed record GradeRow(string Student, string Notebook, string Exercise, int Points, int Max, GradeStatus Status, string Message, string? Hint);

/// <summary>Finds the submitted notebooks: <c>&lt;dir&gt;/&lt;student&gt;/…/NN-topic.ipynb</c> (sub-folders searched) and
/// <c>&lt;dir&gt;/&lt;student&gt;__NN-topic.ipynb</c>; a file matches a source by its exact name, else by its two-digit number.</summary>
internal static class SubmissionDiscovery
{
    /// <summary>student → source notebook name → submitted file.</summary>
    public static Dictionary<string, Dictionary<string, string>> Discover(string directory, IReadOnlyList<string> sourceNames, TextWriter log)
    {
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string student, string file)
        {
            if (!found.TryGetValue(student, out var list))
            {
                found[student] = list = [];
            }

            list.Add(file);
        }

        foreach (var sub in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            if (name.StartsWith('.') || new DirectoryInfo(sub).LinkTarget is not null)
            {
                continue;
            }

            var files = Directory.GetFiles(sub, "*.ipynb", SearchOption.AllDirectories)
                .Where(f => !f.Contains(".ipynb_checkpoints", StringComparison.Ordinal) && new FileInfo(f).LinkTarget is null).ToList();
            if (files.Count == 0)
            {
                found.TryAdd(name, []);
            }

            foreach (var file in files)
            {
                Add(name, file);
            }
        }

        foreach (var file in Directory.GetFiles(directory, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var split = name.IndexOf("__", StringComparison.Ordinal);
            if (split <= 0)
            {
                log.WriteLine($"grade: ignoring {Path.GetFileName(file)}: name it <student>__NN-topic.ipynb or put it in a folder named after the student");
                continue;
            }

            Add(name[..split], file);
        }

        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (student, files) in found)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var ordered = files.Order(StringComparer.Ordinal).ToList();
            foreach (var source in sourceNames)
            {
                var match = ordered.FirstOrDefault(f => Stem(f) == source)
                    ?? ordered.FirstOrDefault(f => SameNumber(Stem(f), source));
                if (match is not null)
                {
                    map[source] = match;
                }
            }

            result[student] = map;
        }

        return result;
    }

    private static string Stem(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var split = stem.IndexOf("__", StringComparison.Ordinal);
        return split > 0 ? stem[(split + 2)..] : stem;
    }

    private static bool SameNumber(string stem, string source) =>
        stem.Length >= 3 && source.Length >= 3 && stem[..2] == source[..2]
        && char.IsAsciiDigit(stem[0]) && char.IsAsciiDigit(stem[1]) && !char.IsAsciiDigit(stem[2]);
}
