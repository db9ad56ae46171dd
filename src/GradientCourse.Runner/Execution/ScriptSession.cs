using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;
using Microsoft.DotNet.Interactive.Formatting;

namespace GradientCourse.Runner.Execution;

/// <summary>How a <see cref="ScriptSession"/> runs cells.</summary>
/// <param name="BaseDirectory">The folder relative paths resolve from: the working folder while cells run (so
/// <c>"../data/x.csv"</c> opens as in the kernel) and the base of relative <c>#r "….dll"</c> paths. For a notebook
/// this is its own folder (or the same folder inside a private copy of the course tree).</param>
/// <param name="Pins">The central package pins that <c>#r "nuget: …"</c> lines must match.</param>
public sealed record ScriptSessionOptions(string BaseDirectory, PackagePins Pins)
{
    /// <summary>The longest a cell may run; after that its thread is abandoned (it cannot be aborted: run sessions in
    /// a worker process that can be ended).</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Caps on what one cell's outputs may hold (enforced while capturing).</summary>
    public OutputLimits OutputLimits { get; init; } = OutputLimits.Default;

    /// <summary>Whether the session makes <see cref="BaseDirectory"/> the process's working folder while it lives
    /// (true for a worker process; tests that only compile may turn it off).</summary>
    public bool SetWorkingDirectory { get; init; } = true;

    /// <summary>The notebook's name, used for chart ids (deterministic ids: notebook, cell, index).</summary>
    public string NotebookName { get; init; } = "notebook";

    /// <summary>The NuGet global packages folder (null: NUGET_PACKAGES or ~/.nuget/packages).</summary>
    public string? PackagesFolder { get; init; }
}

/// <summary>How a cell run ended.</summary>
public enum CellRunStatus
{
    /// <summary>The cell compiled and ran to its end.</summary>
    Completed,

    /// <summary>Nothing to compile (empty, or only <c>#r "nuget: …"</c> lines, which were loaded).</summary>
    Empty,

    /// <summary>A magic command or a package line was refused, or a package could not be resolved.</summary>
    Rejected,

    /// <summary>The C# did not compile.</summary>
    CompileError,

    /// <summary>The cell threw.</summary>
    Failed,

    /// <summary>The cell ran out of managed memory (<see cref="OutOfMemoryException"/>).</summary>
    OutOfMemory,

    /// <summary>The cell was still running after <see cref="ScriptSessionOptions.CellTimeout"/>.</summary>
    TimedOut,
}

/// <summary>The result of one cell.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Message">Null on success; otherwise one line naming the cell and what went wrong.</param>
/// <param name="Outputs">nbformat outputs in order (streams, display data, the value, and an error output on failure).</param>
/// <param name="Elapsed">Compile and run time.</param>
public sealed record CellRun(CellRunStatus Status, string? Message, IReadOnlyList<JsonObject> Outputs, TimeSpan Elapsed)
{
    /// <summary>True when the cell did its work (<see cref="CellRunStatus.Completed"/> or <see cref="CellRunStatus.Empty"/>).</summary>
    public bool Succeeded => Status is CellRunStatus.Completed or CellRunStatus.Empty;

    /// <summary>True when the cell counted as executed (it had code or packages): it gets an execution count.</summary>
    public bool Ran { get; init; }

    /// <summary>The cell's trailing expression value (null if none).</summary>
    public object? ReturnValue { get; init; }

    /// <summary>Whether the cell ends in an expression (it then has a value, possibly null).</summary>
    public bool HasReturnValue { get; init; }

    /// <summary>What user code threw (unwrapped), for <see cref="CellRunStatus.Failed"/> and <see cref="CellRunStatus.OutOfMemory"/>.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The compiler's errors, for <see cref="CellRunStatus.CompileError"/>.</summary>
    public IReadOnlyList<Diagnostic> Errors { get; init; } = [];
}

/// <summary>
/// The one notebook engine, used by <c>build</c>/<c>run</c> (through <see cref="NotebookExecutor"/> in a
/// <c>notebook-worker</c> process) and by <c>grade</c> (the grade worker): chained Roslyn script submissions as in the
/// .NET Interactive C# kernel (variables, types, usings and references carry from cell to cell), with the kernel's
/// default imports, the shared framework's references, relative <c>#r</c> paths and the working folder resolved from
/// <see cref="ScriptSessionOptions.BaseDirectory"/>, <c>#r "nuget: …"</c> checked against the pins and resolved by
/// <see cref="NuGetResolver"/>, console output and <c>display(…)</c> captured per cell (capped), and a per-cell timeout.
/// One session per process at a time: it sets the working folder, routes the console and resets the formatters.
/// </summary>
public sealed class ScriptSession : IDisposable
{
    /// <summary>The .NET Interactive C# kernel's default usings.</summary>
    public static readonly ImmutableArray<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly MethodInfo? HasReturnValueMethod =
        typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferenceList = new(LoadFrameworkReferences);

    private readonly NuGetResolver nuget;
    private readonly InteractiveAssemblyLoader loader = new();
    private readonly NotebookGlobals globals = new();
    private readonly string? callerDirectory;
    private ScriptState<object>? state;
    private bool disposed;

    /// <summary>Starts a session: a fresh kernel state in <see cref="ScriptSessionOptions.BaseDirectory"/>.</summary>
    public ScriptSession(ScriptSessionOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        var baseDirectory = Path.GetFullPath(settings.BaseDirectory);
        if (!Directory.Exists(baseDirectory))
        {
            throw new DirectoryNotFoundException($"the folder cells run in does not exist: {baseDirectory}");
        }
        BaseDirectory = baseDirectory;
        nuget = new NuGetResolver(settings.Pins, packagesFolder: settings.PackagesFolder);
        ConsoleRouter.Install();
        // The kernel process has FSharp.Core loaded (10.0 on the last official kernel); so does the runner, so that
        // the setup cell's AppDomain lookup finds it. Its version comes from the runner project's FSharp.Core pin.
        Assembly.Load(new AssemblyName("FSharp.Core"));
        // Each session starts like a fresh kernel: default formatters, no chart formatter until asked for.
        Formatter.ResetToDefault();
        ChartFormatter.BeginNotebook(settings.NotebookName);
        Options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithReferences(FrameworkReferences)
            .WithImports(DefaultImports)
            .WithMetadataResolver(new CourseMetadataResolver(baseDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(baseDirectory))
            .WithAllowUnsafe(false);
        if (settings.SetWorkingDirectory)
        {
            // Like the kernel, run cells in the notebook's folder, so that relative paths ("../data/…") resolve alike.
            callerDirectory = Directory.GetCurrentDirectory();
            Directory.SetCurrentDirectory(baseDirectory);
        }
    }

    /// <summary>The shared-framework references every script gets (what a kernel on .NET 10 references).</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => FrameworkReferenceList.Value;

    /// <summary>The settings the session was started with.</summary>
    public ScriptSessionOptions Settings { get; }

    /// <summary>The full path relative paths resolve from.</summary>
    public string BaseDirectory { get; }

    /// <summary>The script options so far (references grow as cells load packages).</summary>
    public ScriptOptions Options { get; private set; }

    /// <summary>The last submission that ran to its end, null before the first: later cells continue from it
    /// (a failed cell leaves the state as it was).</summary>
    public Script? LastScript => state?.Script;

    /// <summary>Handles magics and <c>#r "nuget: …"</c> lines of a cell and loads its packages; returns the C# code to
    /// compile, or the reason the cell is refused (<see cref="PreparedCell.Error"/>, naming <paramref name="label"/>).</summary>
    public PreparedCell Prepare(string label, string source)
    {
        var prepared = CellPreprocessor.Prepare(label, source, Settings.Pins);
        if (prepared.Error is not null)
        {
            return prepared;
        }
        if (prepared.Packages.Any(p => NuGetResolver.ProvidedByRunner.ContainsKey(p.Id)))
        {
            ChartFormatter.Register();
        }
        try
        {
            foreach (var package in prepared.Packages)
            {
                var paths = nuget.Resolve(package.Id, package.Version);
                Options = Options.AddReferences(paths.Select(p => MetadataReference.CreateFromFile(p)));
                LoadFromPackagesFolder(paths);
            }
        }
        catch (InvalidOperationException e)
        {
            return prepared with { Error = $"{label}: {e.Message}" };
        }
        return prepared;
    }

    /// <summary>Prepares and runs one cell's source (magics, packages, compile, run, outputs).</summary>
    /// <param name="label">How messages name the cell, e.g. <c>cell 3 (id 'code-03')</c>.</param>
    /// <param name="source">The cell's text.</param>
    /// <param name="cellId">The cell's id for deterministic chart ids (null: the label).</param>
    /// <param name="executionCount">The execution count an <c>execute_result</c> output carries; null: the value is
    /// returned in <see cref="CellRun.ReturnValue"/> but not formatted as an output.</param>
    public CellRun Run(string label, string source, string? cellId = null, int? executionCount = null)
    {
        var watch = Stopwatch.StartNew();
        var prepared = Prepare(label, source);
        if (prepared.Error is not null)
        {
            var ename = prepared.Packages.Count > 0 ? "PackageError" : "CellError";
            return new CellRun(CellRunStatus.Rejected, prepared.Error, [ValueFormatter.Error(ename, prepared.Error, [prepared.Error])], watch.Elapsed);
        }
        if (string.IsNullOrWhiteSpace(prepared.Code))
        {
            // A cell of #r lines only still runs in the kernel.
            return new CellRun(CellRunStatus.Empty, null, [], watch.Elapsed) { Ran = prepared.Packages.Count > 0 };
        }
        var run = Execute(label, prepared.Code, cellId, executionCount);
        return run with { Elapsed = watch.Elapsed };
    }

    /// <summary>Compiles and runs C# code (already prepared: no magics or package lines) as the next submission.</summary>
    public CellRun Execute(string label, string code, string? cellId = null, int? executionCount = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var watch = Stopwatch.StartNew();
        var script = state is null
            ? CSharpScript.Create(code, Options, typeof(NotebookGlobals), loader)
            : state.Script.ContinueWith(code, Options);

        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            diagnostics = script.Compile();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // e.g. a referenced file that cannot be read
            var message = $"{label}: {e.Message}";
            return new CellRun(CellRunStatus.CompileError, message, [ValueFormatter.Error("CompilationError", message, [message])], watch.Elapsed)
            {
                Ran = true,
            };
        }
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var lines = errors.Select(d => FormatDiagnostic(label, d)).ToList();
            return new CellRun(CellRunStatus.CompileError, $"{label}: compile error: {lines[0]}",
                [ValueFormatter.Error("CompilationError", string.Join("\n", lines), lines)], watch.Elapsed)
            {
                Ran = true,
                Errors = errors,
            };
        }

        var outputs = new CellOutputs(Settings.OutputLimits);
        ChartFormatter.BeginCell(cellId ?? label);
        var (timedOut, next, exception) = Submission.Run(script, state, globals, outputs, Settings.CellTimeout, label);
        if (timedOut)
        {
            var message = $"{label} exceeded the {Seconds(Settings.CellTimeout)} s timeout (--timeout)";
            var captured = outputs.Snapshot();
            captured.Add(ValueFormatter.Error("TimeoutException", message, [message]));
            return new CellRun(CellRunStatus.TimedOut, message, captured, watch.Elapsed) { Ran = true };
        }

        var hasValue = exception is null && HasReturnValue(next!.Script);
        if (exception is null && executionCount is { } count && hasValue && next!.ReturnValue is not DisplayedValue)
        {
            try
            {
                outputs.Add(ValueFormatter.ExecuteResult(next.ReturnValue, count));
            }
#pragma warning disable CA1031 // a formatter failure (e.g. a chart) is the cell's failure
            catch (Exception e)
#pragma warning restore CA1031
            {
                exception = Submission.Unwrap(e);
            }
        }

        if (exception is not null)
        {
            var captured = outputs.Snapshot();
            captured.Add(ValueFormatter.Error(exception.GetType().FullName ?? exception.GetType().Name, Describe(exception),
                exception.ToString().Split('\n').Select(l => ValueFormatter.Stable(l.TrimEnd('\r')))));
            var status = exception is OutOfMemoryException ? CellRunStatus.OutOfMemory : CellRunStatus.Failed;
            return new CellRun(status, $"{label}: {exception.GetType().Name}: {Describe(exception)}", captured, watch.Elapsed)
            {
                Ran = true,
                Exception = exception,
            };
        }

        state = next;
        return new CellRun(CellRunStatus.Completed, null, outputs.Snapshot(), watch.Elapsed)
        {
            Ran = true,
            HasReturnValue = hasValue,
            ReturnValue = next!.ReturnValue,
        };
    }

    /// <summary>Restores the caller's working folder.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        loader.Dispose();
        if (callerDirectory is not null && Directory.Exists(callerDirectory))
        {
            Directory.SetCurrentDirectory(callerDirectory);
        }
    }

    /// <summary>The message with its inner exceptions' messages (the root cause is often inside).</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        for (var x = exception; x is not null; x = x.InnerException)
        {
            parts.Add(x == exception ? x.Message : $"{x.GetType().Name}: {x.Message}");
        }
        return string.Join(" ---> ", parts);
    }

    /// <summary>Like the kernel after a restore, loads a package's assemblies from the NuGet folder up front, so that
    /// packages that look for their companions among the loaded assemblies (TorchSharp finds libtorch's native
    /// folder this way) work; registering them with the script loader keeps a single copy of each.</summary>
    private void LoadFromPackagesFolder(IEnumerable<string> paths)
    {
        foreach (var path in paths.Where(nuget.IsFromPackagesFolder))
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
        {
            return (bool)HasReturnValueMethod.Invoke(script, null)!;
        }
        // Fallback: the last statement is an expression without a semicolon.
        var tree = CSharpSyntaxTree.ParseText(script.Code, new CSharpParseOptions(kind: SourceCodeKind.Script));
        return tree.GetCompilationUnitRoot().Members.LastOrDefault() is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax
        {
            Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true },
        };
    }

    private static string FormatDiagnostic(string label, Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var where = d.Location.IsInSource
            ? $"line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}"
            : "";
        return $"{label}{(where.Length > 0 ? ", " + where : "")}: error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture);

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
