using System.Globalization;
using System.Text;
using GradientCourse.Runner.Execution;
using GradientCourse.Runner.Notebooks;
using GradientCourse.Runner.Site;

namespace GradientCourse.Runner;

/// <summary>Options of the <c>build</c> and <c>run</c> verbs.</summary>
/// <param name="NotebooksDirectory">The folder of the notebooks (for <c>build</c>: all of them make the course map).</param>
/// <param name="OutputDirectory">Executed notebooks go to &lt;out&gt;/notebooks, the site to &lt;out&gt;/course.</param>
/// <param name="CellTimeout">The longest a cell may run.</param>
/// <param name="Only">The one notebook <c>build --only</c> runs, or null.</param>
/// <param name="BuildSite">Whether to write the site.</param>
public sealed record RunOptions(string NotebooksDirectory, string OutputDirectory, TimeSpan CellTimeout, string? Only, bool BuildSite)
{
    /// <summary>The memory limit of each notebook's worker process, in MB.</summary>
    public int MemoryMegabytes { get; init; } = WorkerLimits.DefaultMemoryMegabytes;

    /// <summary>Caps on each cell's outputs.</summary>
    public OutputLimits OutputLimits { get; init; } = OutputLimits.Default;

    /// <summary>Every notebook of the course in order (for the course map and the site's navigation); the notebooks
    /// that are not run this time (<c>build --only</c>) are shown from their executed copy of an earlier build.</summary>
    public IReadOnlyList<string> CourseNotebooks { get; init; } = [];

    /// <summary>Add an image/png of every chart to the executed notebooks (<see cref="Execution.ChartImages"/>).</summary>
    public bool ChartImages { get; init; } = true;
}

/// <summary>Executes notebooks in name order, each in its own worker process, writes the executed copies and the
/// site, prints a summary.</summary>
public static class CourseRunner
{
    private static readonly string[] Header = ["notebook", "status", "cells", "time", "slowest cell"];

    /// <summary>Runs the given notebook files; returns the process exit code (0 = all passed).</summary>
    public static int Run(string repoRoot, IReadOnlyList<string> notebookFiles, RunOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(notebookFiles);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var pinsFile = Path.Combine(repoRoot, "Directory.Packages.props");
        var executedDirectory = Path.Combine(options.OutputDirectory, "notebooks");
        var results = new List<NotebookResult>();
        var pages = new Dictionary<string, SitePage>(StringComparer.Ordinal);
        var written = new List<string>();

        // The site needs KaTeX: fetch it (or learn that it cannot be had) before any notebook runs.
        string? siteProblem = null;
        if (options.BuildSite)
        {
            siteProblem = KatexAssets.Prepare(repoRoot, log);
            if (siteProblem is not null)
            {
                log.WriteLine($"== site: {siteProblem}");
                log.WriteLine("== the notebooks run and their executed copies are written; the site is skipped");
            }
        }

        using var worker = new NotebookProcess(new WorkerLimits(options.CellTimeout, options.MemoryMegabytes, options.OutputLimits), pinsFile, log);
        for (var index = 0; index < notebookFiles.Count; index++)
        {
            var file = notebookFiles[index];
            var name = Path.GetFileNameWithoutExtension(file);
            log.WriteLine($"== {name}");
            Notebook notebook;
            try
            {
                notebook = NotebookFile.Read(file);
            }
            catch (Exception e) when (e is NotebookFormatException or IOException or UnauthorizedAccessException)
            {
                log.WriteLine($"  {e.Message}");
                results.Add(new NotebookResult(name, name, false, 0, 0, TimeSpan.Zero, null, e.Message) { FailureKind = FailureKind.Unreadable });
                continue;
            }
            var result = worker.Run(notebook, startNext: index + 1 < notebookFiles.Count);
            if (!result.Passed)
            {
                log.WriteLine($"  FAILED: {result.Failure}");
            }
            // The sources are never touched: executed copies go to the output folder.
            NotebookFile.WriteAtomically(Path.Combine(executedDirectory, Path.GetFileName(file)), NotebookFile.ToExecutedJson(notebook));
            written.Add(Path.Combine(executedDirectory, Path.GetFileName(file)));
            results.Add(result);
            pages[Path.GetFullPath(file)] = new SitePage(notebook, result);
        }

        if (options.ChartImages)
        {
            ChartImages.AddTo(written, log); // one Chromium session for every chart of the build
        }
        var siteBuilt = false;
        if (options.BuildSite && siteProblem is null)
        {
            var siteDirectory = Path.Combine(options.OutputDirectory, "course");
            var course = CoursePages(options, pages, executedDirectory, log);
            new SiteBuilder(repoRoot, siteDirectory, log).Build(course);
            log.WriteLine($"== site: {Path.Combine(siteDirectory, "index.html")}");
            siteBuilt = true;
        }

        log.Write(Summary(results));
        if (options.BuildSite && !siteBuilt)
        {
            log.WriteLine($"SITE NOT BUILT: {siteProblem}");
        }
        return results.All(r => r.Passed) && results.Count > 0 && (siteBuilt || !options.BuildSite) ? 0 : 1;
    }

    /// <summary>The site's pages in course order: the notebooks run now, and (for <c>build --only</c>) the others from
    /// their executed copy of an earlier build, or unexecuted when there is none, so the map and navigation stay whole.</summary>
    private static List<SitePage> CoursePages(RunOptions options, Dictionary<string, SitePage> ran, string executedDirectory, TextWriter log)
    {
        var course = options.CourseNotebooks.Count > 0 ? options.CourseNotebooks.Select(Path.GetFullPath).ToList() : [.. ran.Keys];
        var pages = new List<SitePage>();
        foreach (var file in course)
        {
            if (ran.TryGetValue(file, out var page))
            {
                pages.Add(page);
                continue;
            }
            var name = Path.GetFileNameWithoutExtension(file);
            var executed = Path.Combine(executedDirectory, Path.GetFileName(file));
            try
            {
                var notebook = File.Exists(executed) ? NotebookFile.ReadExecuted(executed) : NotebookFile.Read(file);
                var note = File.Exists(executed) ? "not run in this build; shown from the executed copy of an earlier build" : "not run in this build";
                pages.Add(new SitePage(notebook, new NotebookResult(name, notebook.Title, true, notebook.Cells.Count(c => c.Kind == CellKind.Code),
                    notebook.Cells.Count(c => c.ExecutionCount is not null), TimeSpan.Zero, null, note) { FailureKind = FailureKind.NotRun }));
            }
            catch (Exception e) when (e is NotebookFormatException or IOException or UnauthorizedAccessException)
            {
                log.WriteLine($"== site: {name} left out of the course map: {e.Message}");
            }
        }
        return pages;
    }

    /// <summary>The table printed at the end: notebook, status, cells, time, slowest cell.</summary>
    public static string Summary(IReadOnlyList<NotebookResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<string[]> { Header };
        foreach (var r in results)
        {
            rows.Add([
                r.Name,
                r.Status,
                $"{r.CellsRun}/{r.CodeCells}",
                Seconds(r.Elapsed),
                r.Slowest is null ? "-" : $"{r.Slowest.Label} {Seconds(r.Slowest.Elapsed)}",
            ]);
        }
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        text.AppendLine();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (index == 0)
            {
                text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
        var failed = results.Count(r => !r.Passed);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{results.Count} notebook(s), {failed} failed, {Seconds(TimeSpan.FromTicks(results.Sum(r => r.Elapsed.Ticks)))} in total");
        var slowestCells = results.SelectMany(r => r.Timings.Select(t => (r.Name, Timing: t)))
            .OrderByDescending(x => x.Timing.Elapsed).Take(5).ToList();
        if (slowestCells.Count > 0)
        {
            text.AppendLine("slowest cells (a cell should answer in a second or two):");
            foreach (var (name, timing) in slowestCells)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {Seconds(timing.Elapsed),9}  {name} {timing.Label}");
            }
        }
        foreach (var r in results.Where(r => !r.Passed))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"FAILED {r.Name}: {r.Failure}");
        }
        return text.ToString();
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
