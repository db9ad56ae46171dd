using System.Globalization;
using System.Reflection;
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
/// The hidden <c>grade-worker</c> verb: runs one notebook's cells (see <see cref="WorkerJob"/>) in this separate
/// process, which the grader starts inside its sandbox (grade mode) or as a trusted process (record mode). Reads the
/// whole job from standard input before any notebook code runs; reports through <see cref="WorkerProtocol"/>. A failing
/// cell does not stop the run: the next cell continues from the last good state. Then <see cref="ProbeCalls"/> answers
/// the grader's calls. Nothing it reports is a verdict.
/// </summary>
public static class GradeWorker
{
    /// <summary>Runs the worker; returns the exit code (0 when every call was answered).</summary>
    public static int Serve(TextReader input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        var job = JsonSerializer.Deserialize<WorkerJob>(input.ReadToEnd(), WorkerProtocol.Json)
            ?? throw new InvalidOperationException("empty job");
        var channel = new StreamWriter(output, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        void Report(WorkerMessage message)
        {
            lock (channel)
            {
                channel.WriteLine(WorkerProtocol.Format(message));
            }
        }
        var session = new Session(job, Report);
        session.Run();
        Report(new WorkerMessage("ready", 0, null, null, null, null));
        if (!ProbeCalls.Answer(job, session.State, session.Options, session.Globals, Report))
        {
            return 3;
        }
        Report(new WorkerMessage("done", 0, null, null, null, null));
        return 0;
    }

    private sealed class Session(WorkerJob job, Action<WorkerMessage> report)
    {
        private readonly TimeSpan timeout = TimeSpan.FromSeconds(job.CellTimeoutSeconds);

        public ScriptState<object>? State { get; private set; }

        public ScriptOptions Options { get; private set; } = ScriptOptions.Default;

        public NotebookGlobals Globals { get; } = new();

        public void Run()
        {
            var root = RepoPaths.FindRoot(Directory.GetCurrentDirectory());
            var pins = root is null ? new PackagePins(new Dictionary<string, string>()) : PackagePins.Load(Path.Combine(root, "Directory.Packages.props"));
            var nuget = new NuGetResolver(pins);
            ConsoleRouter.Install();
            _ = Assembly.Load(new AssemblyName("FSharp.Core"));
            var notebookDirectory = Directory.GetCurrentDirectory();
            Options = ScriptOptions.Default
                .WithLanguageVersion(LanguageVersion.Latest)
                .WithReferences(NotebookExecutor.FrameworkReferenceSet)
                .WithImports(NotebookExecutor.DefaultImports)
                .WithMetadataResolver(new CourseMetadataResolver(notebookDirectory))
                .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(notebookDirectory))
                .WithAllowUnsafe(false);
            // Kept for the calls that follow the cells (they continue the same script chain); the process ends after them.
            var loader = new InteractiveAssemblyLoader();

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
                        Options = Options.AddReferences(paths.Select(p => MetadataReference.CreateFromFile(p)));
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
                {
                    continue;
                }
                RunCell(index, cell, prepared.Code, loader);
            }
        }

        private void Fail(int index, WorkerCell cell, string status, string message) =>
            report(new WorkerMessage("cell", index, cell.Exercise, status, message, null));

        private void RunCell(int index, WorkerCell cell, string code, InteractiveAssemblyLoader loader)
        {
            Script<object> script = State is null
                ? CSharpScript.Create(code, Options, typeof(NotebookGlobals), loader)
                : State.Script.ContinueWith(code, Options);
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
                var line = $", line {first.Location.GetLineSpan().StartLinePosition.Line + 1}";
                Fail(index, cell, "error", $"{cell.Label}{line}: error {first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}");
                return;
            }

            var outputs = new CellOutputs();
            var (timedOut, next, exception) = Submission.Run(script, State, Globals, outputs, timeout, $"grade {cell.Label}");
            if (timedOut)
            {
                Fail(index, cell, "timeout",
                    $"{cell.Label}: time limit: still running after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (an endless loop?)");
                return;
            }
            if (exception is not null)
            {
                var status = exception is OutOfMemoryException or InsufficientExecutionStackException ? "memory" : "error";
                Fail(index, cell, status, $"{cell.Label}: {exception.GetType().Name}: {exception.Message}");
                return;
            }
            State = next;
        }
    }
}
