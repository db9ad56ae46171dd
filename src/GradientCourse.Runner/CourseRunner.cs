using System.Globalization;
using System.Text;
using GradientCourse.Runner.Execution;
using GradientCourse.Runner.Notebooks;
using GradientCourse.Runner.Site;

namespace GradientCourse.Runner;

/// <summary>Options of the <c>build</c> and <c>run</c> verbs.</summary>
public sealed record RunOptions(string NotebooksDirectory, string OutputDirectory, TimeSpan CellTimeout, string? Only, bool BuildSite)
{
    /// <summary>Add an image/png of every chart to the executed notebooks (<see cref="Execution.ChartImages"/>).</summary>
    public bool ChartImages { get; init; } = true;
}

/// <summary>Executes notebooks in name order, writes the executed copies and the site, prints a summary.</summary>
public static class CourseRunner
{
    /// <summary>Runs the given notebook files; returns the process exit code (0 = all passed).</summary>
    public static int Run(string repoRoot, IReadOnlyList<string> notebookFiles, RunOptions options, TextWriter log)
    {
        var pins = PackagePins.Load(Path.Combine(repoRoot, "Directory.Packages.props"));
        var executor = new NotebookExecutor(pins, options.CellTimeout, log);
        var executedDirectory = Path.Combine(options.OutputDirectory, "notebooks");
        var results = new List<NotebookResult>();
        var executed = new List<(Notebook Notebook, NotebookResult Result)>();
        var written = new List<string>();

        foreach (var file in notebookFiles)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            log.WriteLine($"== {name}");
            Notebook notebook;
            try
            {
                notebook = NotebookFile.Read(file);
            }
            catch (Exception e) when (e is NotebookFormatException or IOException)
            {
                log.WriteLine($"  {e.Message}");
                results.Add(new NotebookResult(name, name, false, 0, 0, TimeSpan.Zero, null, e.Message));
                continue;
            }
            var result = executor.Execute(notebook);
            if (!result.Passed)
                log.WriteLine($"  FAILED: {result.Failure}");
            // The sources are never touched: executed copies go to the output folder.
            NotebookFile.WriteAtomically(Path.Combine(executedDirectory, Path.GetFileName(file)), NotebookFile.ToExecutedJson(notebook));
            written.Add(Path.Combine(executedDirectory, Path.GetFileName(file)));
            results.Add(result);
            executed.Add((notebook, result));
        }

        if (options.ChartImages)
            ChartImages.AddTo(written, log); // one Chromium session for every chart of the build
        if (options.BuildSite)
        {
            var siteDirectory = Path.Combine(options.OutputDirectory, "course");
            new SiteBuilder(repoRoot, siteDirectory, log).Build(executed.Select(e => new SitePage(e.Notebook, e.Result)).ToList());
            log.WriteLine($"== site: {Path.Combine(siteDirectory, "index.html")}");
        }

        log.Write(Summary(results));
        return results.All(r => r.Passed) && results.Count > 0 ? 0 : 1;
    }

    private static readonly string[] Header = ["notebook", "status", "cells", "time", "slowest cell"];

    /// <summary>The table printed at the end: notebook, status, cells, time, slowest cell.</summary>
    public static string Summary(IReadOnlyList<NotebookResult> results)
    {
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
                text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
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
                text.AppendLine(CultureInfo.InvariantCulture, $"  {Seconds(timing.Elapsed),9}  {name} {timing.Label}");
        }
        foreach (var r in results.Where(r => !r.Passed))
            text.AppendLine(CultureInfo.InvariantCulture, $"FAILED {r.Name}: {r.Failure}");
        return text.ToString();
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
