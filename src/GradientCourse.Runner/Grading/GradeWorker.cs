using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;
using GradientCourse.Runner.Execution;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// The hidden <c>grade-worker</c> verb: runs one rebuilt notebook (learner's answer cells, instructor's other cells)
/// in this separate process, started by the grader with a memory limit, a wall-clock limit and a scratch working
/// folder. Reads the key line and the job (JSON) from standard input before any notebook code runs; reports through
/// <see cref="WorkerProtocol"/>. A failing cell does not stop the run: the next cell continues from the last good state.
/// </summary>
public static class GradeWorker
{
    /// <summary>Runs the worker; returns the exit code.</summary>
    public static int Serve(TextReader input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        var keyLine = input.ReadLine();
        var jobText = input.ReadToEnd();
        if (keyLine is null)
            return 2;
        var key = Convert.FromHexString(keyLine.Trim());
        using var mac = new HMACSHA256(key);
        CryptographicOperations.ZeroMemory(key);
        var job = JsonSerializer.Deserialize<WorkerJob>(jobText, WorkerProtocol.Json)
            ?? throw new InvalidOperationException("empty job");
        jobText = null;
        var channel = new StreamWriter(output, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        long sequence = 0;
        void Report(WorkerReport report)
        {
            lock (channel)
                channel.WriteLine(WorkerProtocol.Seal(mac, sequence++, report));
        }
        new Session(job, Report).Run();
        Report(new WorkerReport("done", 0, CellRole.None, null, true, false, "", null, null));
        return 0;
    }

    private sealed class Session(WorkerJob job, Action<WorkerReport> report)
    {
        private readonly TimeSpan _timeout = TimeSpan.FromSeconds(job.CellTimeoutSeconds);
        private ScriptState<object>? _state;
        private ScriptOptions _options = null!;
        private readonly Dictionary<int, string> _rewritten = [];
        private bool _rewrote;

        public void Run()
        {
            var root = RepoPaths.FindRoot(Path.GetDirectoryName(job.NotebookPath));
            var pins = root is null ? new PackagePins(new Dictionary<string, string>()) : PackagePins.Load(Path.Combine(root, "Directory.Packages.props"));
            var nuget = new NuGetResolver(pins);
            ConsoleRouter.Install();
            _ = Assembly.Load(new AssemblyName("FSharp.Core"));
            var notebookDirectory = Path.GetDirectoryName(job.NotebookPath)!;
            _options = ScriptOptions.Default
                .WithLanguageVersion(LanguageVersion.Latest)
                .WithReferences(NotebookExecutor.FrameworkReferenceSet)
                .WithImports(NotebookExecutor.DefaultImports)
                .WithMetadataResolver(new CourseMetadataResolver(notebookDirectory))
                .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(notebookDirectory))
                .WithAllowUnsafe(false);
            using var loader = new InteractiveAssemblyLoader();
            var globals = new NotebookGlobals();

            for (var index = 0; index < job.Cells.Count; index++)
            {
                var cell = job.Cells[index];
                var fake = new NotebookCell(index + 1, new JsonObject(), CellKind.Code, cell.Source);
                var prepared = CellPreprocessor.Prepare(fake, pins);
                if (prepared.Error is not null)
                {
                    Fail(index, cell, "error", prepared.Error.Replace("cell " + (index + 1), cell.Label, StringComparison.Ordinal));
                    continue;
                }
                try
                {
                    foreach (var package in prepared.Packages)
                    {
                        var paths = nuget.Resolve(package.Id, package.Version);
                        _options = _options.AddReferences(paths.Select(p => MetadataReference.CreateFromFile(p)));
                        foreach (var path in paths.Where(nuget.IsFromPackagesFolder))
                        {
                            try
                            {
                                loader.RegisterDependency(Assembly.LoadFrom(path));
                            }
                            catch (BadImageFormatException)
                            {
                                // reference-only or native
                            }
                        }
                    }
                }
                catch (InvalidOperationException e)
                {
                    Fail(index, cell, "error", $"{cell.Label}: {e.Message}");
                    continue;
                }
                if (string.IsNullOrWhiteSpace(prepared.Code))
                    continue;

                if (cell.Role == CellRole.Answer && !_rewrote)
                    RewriteChecks();
                var code = cell.Role is CellRole.Check or CellRole.Hidden
                    ? (_rewrote ? _rewritten.GetValueOrDefault(index) : RewriteOne(index))
                    : prepared.Code;
                if (code is null)
                {
                    Fail(index, cell, "error", $"{cell.Label}: the grader could not prepare this check");
                    continue;
                }
                RunCell(index, cell, code, loader, globals);
            }
        }

        /// <summary>Binds every check and hidden cell before the first learner cell runs.</summary>
        private void RewriteChecks()
        {
            _rewrote = true;
            for (var i = 0; i < job.Cells.Count; i++)
            {
                if (job.Cells[i].Role is CellRole.Check or CellRole.Hidden)
                {
                    var code = RewriteOne(i);
                    if (code is not null)
                        _rewritten[i] = code;
                }
            }
        }

        private string? RewriteOne(int index)
        {
            var fake = new NotebookCell(index + 1, new JsonObject(), CellKind.Code, job.Cells[index].Source);
            var prepared = CellPreprocessor.Prepare(fake, new PackagePins(new Dictionary<string, string>()));
            if (prepared.Error is not null)
                return null;
            return CheckRewriter.Rewrite(prepared.Code, _state?.Script, _options);
        }

        private void Fail(int index, WorkerCell cell, string status, string message) =>
            report(new WorkerReport("cell", index, cell.Role, cell.Exercise, false, false, message, null, status));

        private void RunCell(int index, WorkerCell cell, string code, InteractiveAssemblyLoader loader, NotebookGlobals globals)
        {
            Script<object> script = _state is null
                ? CSharpScript.Create(code, _options, typeof(NotebookGlobals), loader)
                : _state.Script.ContinueWith(code, _options);
            System.Collections.Immutable.ImmutableArray<Diagnostic> diagnostics;
            try
            {
                diagnostics = script.Compile();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                Fail(index, cell, "error", $"{cell.Label}: {e.Message}");
                return;
            }
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                var first = errors[0];
                var line = cell.Role is CellRole.Check or CellRole.Hidden ? "" : $", line {first.Location.GetLineSpan().StartLinePosition.Line + 1}";
                Fail(index, cell, "error", $"{cell.Label}{line}: error {first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}");
                return;
            }

            var outputs = new CellOutputs();
            var (timedOut, next, exception) = Submission.Run(script, _state, globals, outputs, _timeout, $"grade {cell.Label}");
            if (timedOut)
            {
                Fail(index, cell, "timeout",
                    $"{cell.Label}: time limit: still running after {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (an endless loop?)");
                return;
            }
            if (exception is not null)
            {
                var status = exception is OutOfMemoryException or InsufficientExecutionStackException ? "memory" : "error";
                Fail(index, cell, status, $"{cell.Label}: {exception.GetType().Name}: {exception.Message}");
                return;
            }
            _state = next;
            if (cell.Role is CellRole.Check or CellRole.Hidden)
                ReportVerdicts(index, cell, next!.ReturnValue);
        }

        private void ReportVerdicts(int index, WorkerCell cell, object? value)
        {
            // The wrapper's List<CheckResult>; read by reflection (the runner does not reference the library).
            var count = 0;
            if (value is IList list)
            {
                foreach (var item in list)
                {
                    if (item is null || item.GetType().FullName != "GradientCourse.CheckResult")
                        continue;
                    var type = item.GetType();
                    string? Read(string name) => type.GetProperty(name)?.GetValue(item) as string;
                    bool Flag(string name) => type.GetProperty(name)?.GetValue(item) is true;
                    report(new WorkerReport("verdict", index, cell.Role, Read("ExerciseId"), Flag("Passed"), Flag("NotAnswered"),
                        Read("Message") ?? "", Read("Hint"), null));
                    count++;
                }
            }
            if (count == 0 && cell.Role == CellRole.Hidden)
                report(new WorkerReport("verdict", index, cell.Role, cell.Exercise, true, false, "hidden tests ran without error", null, null));
            else if (count == 0)
                Fail(index, cell, "error", $"{cell.Label}: the check produced no verdict");
        }
    }
}
