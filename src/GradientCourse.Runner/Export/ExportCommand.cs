using System.Diagnostics;
using System.Globalization;
using GradientCourse.Runner.Execution;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Export;

/// <summary>The <c>export</c> verb: every notebook → <c>&lt;out&gt;/NN-topic.cs</c> (a .NET 10 file-based app) and the
/// plotly.min.js its charts' HTML files load, each program checked by an in-process compile.</summary>
public static class ExportCommand
{
    /// <summary>Exports <paramref name="notebookFiles"/>; returns 0 when every one converted and compiles.</summary>
    public static int Run(string repoRoot, IReadOnlyList<string> notebookFiles, string outputDirectory, TextWriter log)
    {
        var watch = Stopwatch.StartNew();
        var pins = PackagePins.Load(Path.Combine(repoRoot, "Directory.Packages.props"));
        var compiler = new ExportCompiler(new NuGetResolver(pins));
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllBytes(Path.Combine(outputDirectory, $"plotly-{ChartFormatter.PlotlyJsVersion}.min.js"), ChartFormatter.PlotlyJs());
        var failed = 0;
        foreach (var file in notebookFiles)
        {
            Notebook notebook;
            try
            {
                notebook = NotebookFile.Read(file);
            }
            catch (Exception e) when (e is NotebookFormatException or IOException)
            {
                log.WriteLine($"  {e.Message}");
                failed++;
                continue;
            }
            var program = NotebookExporter.Convert(notebook, pins, outputDirectory);
            var (errors, voids) = compiler.Check(program);
            if (voids.Count > 0)
            {
                program = NotebookExporter.Convert(notebook, pins, outputDirectory, voids);
                (errors, _) = compiler.Check(program);
            }
            var target = Path.Combine(outputDirectory, notebook.Name + ".cs");
            NotebookFile.WriteTextAtomically(target, program.Source);
            var problems = program.Problems.Concat(errors).ToList();
            var codeCells = notebook.Cells.Count(c => c.Kind == CellKind.Code);
            log.WriteLine(problems.Count == 0
                ? $"  {Path.GetRelativePath(repoRoot, target)}: {ExportCompiler.Count(codeCells, "code cell")}, " +
                  $"{ExportCompiler.Count(program.DisplaySites, "displayed value")}, compiles"
                : $"  {Path.GetRelativePath(repoRoot, target)}: FAILED");
            foreach (var problem in problems)
            {
                log.WriteLine("    " + problem);
            }
            failed += problems.Count > 0 ? 1 : 0;
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"== export: {notebookFiles.Count - failed} of {notebookFiles.Count} notebooks → {outputDirectory} ({watch.Elapsed.TotalSeconds:0.0} s); run one with: cd {Path.GetRelativePath(Directory.GetCurrentDirectory(), outputDirectory)} && dotnet run {Path.GetFileNameWithoutExtension(notebookFiles.Count > 0 ? notebookFiles[0] : "NN-topic")}.cs"));
        return failed == 0 && notebookFiles.Count > 0 ? 0 : 1;
    }
}
