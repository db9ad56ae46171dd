using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;
using Microsoft.DotNet.Interactive.Formatting;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Execution;

/// <summary>Runs a notebook's code cells as chained Roslyn script submissions, the engine of the .NET Interactive
/// C# kernel: variables, types, usings and references carry from cell to cell. The first failing cell (compile error,
/// exception, timeout, unsupported magic, unpinned package) gets an error output and stops the notebook.</summary>
public sealed class NotebookExecutor
{
    /// <summary>The .NET Interactive C# kernel's default usings.</summary>
    public static readonly ImmutableArray<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly MethodInfo? HasReturnValueMethod =
        typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    private readonly PackagePins _pins;
    private readonly NuGetResolver _nuget;

    public NotebookExecutor(PackagePins pins, TimeSpan cellTimeout, TextWriter? progress = null)
    {
        _pins = pins;
        _nuget = new NuGetResolver(pins);
        CellTimeout = cellTimeout;
        Progress = progress ?? TextWriter.Null;
        ConsoleRouter.Install();
        // The kernel process has FSharp.Core loaded (10.0 on the last official kernel); so does the runner, so that
        // the setup cell's AppDomain lookup finds it. Its version comes from this project's FSharp.Core pin.
        _ = System.Reflection.Assembly.Load(new AssemblyName("FSharp.Core"));
    }

    /// <summary>The longest a cell may run.</summary>
    public TimeSpan CellTimeout { get; }

    /// <summary>Where progress lines go.</summary>
    public TextWriter Progress { get; }

    /// <summary>Runs every code cell of <paramref name="notebook"/> in order, recording outputs on its cells.</summary>
    public NotebookResult Execute(Notebook notebook)
    {
        // Each notebook starts like a fresh kernel: default formatters, no chart formatter until asked for.
        Formatter.ResetToDefault();
        var notebookDirectory = Path.GetDirectoryName(notebook.Path)!;
        // Like the kernel, run cells in the notebook's folder, so that relative paths ("../data/…") resolve alike.
        var callerDirectory = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Path.GetFullPath(notebookDirectory));
        var options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithReferences(FrameworkReferences.Value)
            .WithImports(DefaultImports)
            .WithMetadataResolver(new CourseMetadataResolver(notebookDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(notebookDirectory))
            .WithAllowUnsafe(false);
        using var loader = new InteractiveAssemblyLoader();
        var globals = new NotebookGlobals();

        var codeCells = notebook.Cells.Count(c => c.Kind == CellKind.Code);
        var executionCount = 0;
        var cellsRun = 0;
        var watch = Stopwatch.StartNew();
        CellTiming? slowest = null;
        var timings = new List<CellTiming>();
        ScriptState<object>? state = null;
        string? failure = null;

        foreach (var cell in notebook.Cells.Where(c => c.Kind == CellKind.Code))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            var prepared = CellPreprocessor.Prepare(cell, _pins);
            if (prepared.Error is not null)
            {
                failure = prepared.Error;
                cell.Outputs.Add(ValueFormatter.Error("CellError", prepared.Error, [prepared.Error]));
                break;
            }
            if (prepared.Packages.Any(p => NuGetResolver.ProvidedByRunner.ContainsKey(p.Id)))
                ChartFormatter.Register();
            try
            {
                foreach (var package in prepared.Packages)
                {
                    var paths = _nuget.Resolve(package.Id, package.Version);
                    options = options.AddReferences(paths.Select(p => MetadataReference.CreateFromFile(p)));
                    LoadFromPackagesFolder(paths, loader);
                }
            }
            catch (InvalidOperationException e)
            {
                failure = $"{cell.Label}: {e.Message}";
                cell.Outputs.Add(ValueFormatter.Error("PackageError", failure, [failure]));
                break;
            }
            if (string.IsNullOrWhiteSpace(prepared.Code))
            {
                if (prepared.Packages.Count > 0)
                {
                    cell.ExecutionCount = ++executionCount; // a cell of #r lines only still runs in the kernel
                    cellsRun++;
                }
                continue;
            }

            executionCount++;
            cell.ExecutionCount = executionCount;
            cellsRun++;
            Progress.Write($"  [{notebook.Name}] {cell.Label} ... ");
            var cellWatch = Stopwatch.StartNew();

            var outcome = Run(cell, prepared.Code, options, loader, globals, ref state);
            cellWatch.Stop();
            var timing = new CellTiming(cell.Number, cell.Label, cellWatch.Elapsed);
            timings.Add(timing);
            if (slowest is null || timing.Elapsed > slowest.Elapsed)
                slowest = timing;
            Progress.WriteLine(outcome is null
                ? $"{cellWatch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"
                : $"FAILED after {cellWatch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
            if (outcome is not null)
            {
                failure = outcome;
                break;
            }
        }
        watch.Stop();
        Directory.SetCurrentDirectory(callerDirectory);
        return new NotebookResult(notebook.Name, notebook.Title, failure is null, codeCells, cellsRun, watch.Elapsed, slowest, failure)
        {
            Timings = timings,
        };
    }

    /// <summary>Compiles and runs one cell; returns null on success or the failure message.</summary>
    private string? Run(NotebookCell cell, string code, ScriptOptions options, InteractiveAssemblyLoader loader,
        NotebookGlobals globals, ref ScriptState<object>? state)
    {
        var outputs = new CellOutputs();
        Script<object> script = state is null
            ? CSharpScript.Create(code, options, typeof(NotebookGlobals), loader)
            : state.Script.ContinueWith(code, options);

        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            diagnostics = script.Compile();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // e.g. a nuget: package that cannot be resolved
            var message = $"{cell.Label}: {e.Message}";
            cell.Outputs.Add(ValueFormatter.Error("CompilationError", message, [message]));
            return message;
        }
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var lines = errors.Select(d => FormatDiagnostic(cell, d)).ToList();
            cell.Outputs.Add(ValueFormatter.Error("CompilationError", string.Join("\n", lines), lines));
            return $"{cell.Label}: compile error: {lines[0]}";
        }

        var outcome = Submission.Run(script, state, globals, outputs, CellTimeout, $"cell {cell.Number}");
        if (outcome.TimedOut)
        {
            cell.Outputs.AddRange(outputs.Snapshot());
            var message = $"{cell.Label}: timed out after {CellTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (--timeout); the notebook was stopped";
            cell.Outputs.Add(ValueFormatter.Error("TimeoutException", message, [message]));
            return message;
        }

        var (_, next, exception) = outcome;
        if (exception is null)
        {
            try
            {
                if (HasReturnValue(next!.Script) && next.ReturnValue is not DisplayedValue)
                    outputs.Add(ValueFormatter.ExecuteResult(next.ReturnValue, cell.ExecutionCount ?? 0));
            }
#pragma warning disable CA1031 // a formatter failure (e.g. a chart) is the cell's failure
            catch (Exception e)
#pragma warning restore CA1031
            {
                exception = e;
            }
        }

        if (exception is not null)
        {
            exception = Submission.Unwrap(exception);
            cell.Outputs.AddRange(outputs.Snapshot());
            cell.Outputs.Add(ValueFormatter.Error(exception.GetType().FullName ?? exception.GetType().Name, Describe(exception),
                exception.ToString().Split('\n').Select(l => l.TrimEnd('\r'))));
            return $"{cell.Label}: {exception.GetType().Name}: {Describe(exception)}";
        }

        state = next;
        cell.Outputs.AddRange(outputs.Snapshot());
        return null;
    }

    /// <summary>Like the kernel after a restore, loads a package's assemblies from the NuGet folder up front, so that
    /// packages that look for their companions among the loaded assemblies (TorchSharp finds libtorch's native
    /// folder this way) work; registering them with the script loader keeps a single copy of each.</summary>
    private void LoadFromPackagesFolder(IEnumerable<string> paths, InteractiveAssemblyLoader loader)
    {
        foreach (var path in paths.Where(_nuget.IsFromPackagesFolder))
        {
            try
            {
                loader.RegisterDependency(Assembly.LoadFrom(path));
            }
            catch (BadImageFormatException)
            {
                // a reference-only or native file: nothing to load
            }
        }
    }

    private static bool HasReturnValue(Script script)
    {
        if (HasReturnValueMethod is not null)
            return (bool)HasReturnValueMethod.Invoke(script, null)!;
        // Fallback: the last statement is an expression without a semicolon.
        var tree = CSharpSyntaxTree.ParseText(script.Code, new CSharpParseOptions(kind: SourceCodeKind.Script));
        return tree.GetCompilationUnitRoot().Members.LastOrDefault() is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax
        {
            Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true },
        };
    }

    /// <summary>The message with its inner exceptions' messages (the root cause is often inside).</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            parts.Add(x == e ? x.Message : $"{x.GetType().Name}: {x.Message}");
        return string.Join(" ---> ", parts);
    }

    private static string FormatDiagnostic(NotebookCell cell, Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var where = d.Location.IsInSource
            ? $"line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}"
            : "";
        return $"{cell.Label}{(where.Length > 0 ? ", " + where : "")}: error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The shared-framework references every script gets (also used by the grading worker).</summary>
    internal static ImmutableArray<MetadataReference> FrameworkReferenceSet => FrameworkReferences.Value;

    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        // Every assembly of the shared framework the runner runs on (what a kernel on .NET 10 references).
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        return [.. trusted
            .Where(p => p.Length > 0 && string.Equals(Path.GetDirectoryName(p), frameworkDirectory, StringComparison.Ordinal))
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
