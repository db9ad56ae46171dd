using System.CommandLine;
using GradientCourse.Runner;
using GradientCourse.Runner.Execution;
using GradientCourse.Runner.Grading;

// GradientCourse.Runner build [--notebooks DIR] [--out DIR] [--timeout SECONDS] [--memory MB] [--only NAME] [--no-site]
// GradientCourse.Runner run NOTEBOOK [--out DIR] [--timeout SECONDS] [--memory MB] [--site]
var notebooksOption = new Option<string?>("--notebooks") { Description = "Folder of *.ipynb to run (default: <repo>/notebooks)" };
var outOption = new Option<string?>("--out") { Description = "Output folder (default: <repo>/artifacts); executed notebooks go to <out>/notebooks, the site to <out>/course" };
var timeoutOption = new Option<double>("--timeout") { Description = "Seconds a single cell may run", DefaultValueFactory = _ => 120 };
var buildMemoryOption = new Option<int>("--memory") { Description = "Memory limit in MB of the process that runs one notebook", DefaultValueFactory = _ => WorkerLimits.DefaultMemoryMegabytes };
var onlyOption = new Option<string?>("--only") { Description = "Run only the notebook with this name (e.g. 01-chain-rule, with or without .ipynb); the site keeps the others from an earlier build" };
var noSiteOption = new Option<bool>("--no-site") { Description = "Skip the static site" };
var noImagesOption = new Option<bool>("--no-images") { Description = "Skip the image/png renderings of charts (made with the system Chromium)" };
var siteOption = new Option<bool>("--site") { Description = "Also build the site for this one notebook" };
var notebookArgument = new Argument<string>("notebook") { Description = "The .ipynb file to run" };

var build = new Command("build", "Execute every notebook in name order, each in its own process; write executed notebooks and the static site")
{
    notebooksOption, outOption, timeoutOption, buildMemoryOption, onlyOption, noSiteOption, noImagesOption,
};
build.SetAction(parse =>
{
    var root = RepoPaths.RequireRoot();
    var notebooks = Path.GetFullPath(parse.GetValue(notebooksOption) ?? Path.Combine(root, "notebooks"));
    if (!Directory.Exists(notebooks))
    {
        Console.Error.WriteLine($"No notebooks folder: {notebooks}");
        return 2;
    }
    var course = Directory.GetFiles(notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
    var files = course;
    var only = parse.GetValue(onlyOption);
    if (only is not null)
    {
        var wanted = Path.GetFileNameWithoutExtension(only);
        files = course.Where(f => Path.GetFileNameWithoutExtension(f) == wanted).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"--only {only}: no such notebook in {notebooks}");
            return 2;
        }
    }
    if (files.Count == 0)
    {
        Console.Error.WriteLine($"No *.ipynb in {notebooks}");
        return 2;
    }
    var output = parse.GetValue(outOption) ?? Path.Combine(root, "artifacts");
    var problem = OptionChecks.Seconds("--timeout", parse.GetValue(timeoutOption))
        ?? OptionChecks.Megabytes("--memory", parse.GetValue(buildMemoryOption))
        ?? OutputFolder.Problem(output, "--out", OutputFolder.Sources(root, notebooks));
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        return 2;
    }
    var options = new RunOptions(notebooks, Path.GetFullPath(output), TimeSpan.FromSeconds(parse.GetValue(timeoutOption)), only, !parse.GetValue(noSiteOption))
    {
        MemoryMegabytes = parse.GetValue(buildMemoryOption),
        CourseNotebooks = course,
        ChartImages = !parse.GetValue(noImagesOption),
    };
    return Exit(CourseRunner.Run(root, files, options, ConsoleRouter.RealOut));
});

var run = new Command("run", "Execute one notebook in its own process; write the executed copy to <out>/notebooks")
{
    notebookArgument, outOption, timeoutOption, buildMemoryOption, siteOption, noImagesOption,
};
run.SetAction(parse =>
{
    var file = Path.GetFullPath(parse.GetValue(notebookArgument)!);
    if (!File.Exists(file))
    {
        Console.Error.WriteLine($"No such notebook: {file}");
        return 2;
    }
    var root = RepoPaths.RequireRoot(Path.GetDirectoryName(file));
    var output = parse.GetValue(outOption) ?? Path.Combine(root, "artifacts");
    var problem = OptionChecks.Seconds("--timeout", parse.GetValue(timeoutOption))
        ?? OptionChecks.Megabytes("--memory", parse.GetValue(buildMemoryOption))
        ?? OutputFolder.Problem(output, "--out", OutputFolder.Sources(root, Path.GetDirectoryName(file)));
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        return 2;
    }
    var options = new RunOptions(Path.GetDirectoryName(file)!, Path.GetFullPath(output), TimeSpan.FromSeconds(parse.GetValue(timeoutOption)), null, parse.GetValue(siteOption))
    {
        MemoryMegabytes = parse.GetValue(buildMemoryOption),
        ChartImages = !parse.GetValue(noImagesOption),
    };
    return Exit(CourseRunner.Run(root, [file], options, ConsoleRouter.RealOut));
});

// Internal: one notebook in its own process (started by build and run; reports JSON lines on stdout).
var workerNotebook = new Argument<string?>("notebook") { Arity = ArgumentArity.ZeroOrOne, Description = "The notebook; without it, warm up and read it from stdin" };
var workerPins = new Option<string>("--pins") { Required = true };
var workerTimeout = new Option<double>("--timeout") { DefaultValueFactory = _ => 120 };
var workerTextLimit = new Option<long>("--text-limit") { DefaultValueFactory = _ => OutputLimits.Default.TextBytes };
var workerTotalLimit = new Option<long>("--total-limit") { DefaultValueFactory = _ => OutputLimits.Default.TotalBytes };
var workerBase = new Option<string?>("--base-directory");
var notebookWorker = new Command("notebook-worker", "internal: run one notebook for build/run")
{
    workerNotebook, workerPins, workerTimeout, workerTextLimit, workerTotalLimit, workerBase,
};
notebookWorker.Hidden = true;
notebookWorker.SetAction(parse =>
{
    var request = new WorkerRequest(parse.GetValue(workerNotebook) ?? "", parse.GetValue(workerPins)!, TimeSpan.FromSeconds(parse.GetValue(workerTimeout)),
        new OutputLimits(parse.GetValue(workerTextLimit), parse.GetValue(workerTotalLimit)), parse.GetValue(workerBase));
    return Exit(request.NotebookPath.Length == 0 ? NotebookWorker.ServeAfterWarmUp(request) : NotebookWorker.Serve(request));
});

// GradientCourse.Runner images EXECUTED.ipynb... : (re)render the chart images of executed notebooks in place.
var executedArgument = new Argument<string[]>("executed") { Description = "Executed .ipynb files (e.g. artifacts/notebooks/*.ipynb)", Arity = ArgumentArity.OneOrMore };
var images = new Command("images", "Add an image/png rendering of every chart to executed notebooks, in one system-Chromium session") { executedArgument };
images.SetAction(parse =>
{
    var report = ChartImages.AddTo(parse.GetValue(executedArgument)!.Select(Path.GetFullPath).ToList(), Console.Out);
    return report.Failures.Count == 0 && (report.Skipped is null || report.Charts == 0) ? 0 : 1;
});

// GradientCourse.Runner export [--notebooks DIR] [--out DIR] [--only NAME]: notebooks as .NET 10 file-based apps.
var exportOut = new Option<string?>("--out") { Description = "Folder for NN-topic.cs (default: <repo>/artifacts/export)" };
var export = new Command("export", "Write each notebook as a .NET 10 file-based app (dotnet run NN-topic.cs); charts become HTML files") { notebooksOption, exportOut, onlyOption };
export.SetAction(parse =>
{
    var root = RepoPaths.RequireRoot();
    var notebooks = Path.GetFullPath(parse.GetValue(notebooksOption) ?? Path.Combine(root, "notebooks"));
    var only = parse.GetValue(onlyOption) is { } o ? Path.GetFileNameWithoutExtension(o) : null;
    var files = Directory.GetFiles(notebooks, "*.ipynb").Where(f => only is null || Path.GetFileNameWithoutExtension(f) == only).Order(StringComparer.Ordinal).ToList();
    return GradientCourse.Runner.Export.ExportCommand.Run(root, files, Path.GetFullPath(parse.GetValue(exportOut) ?? Path.Combine(root, "artifacts", "export")), Console.Out);
});

// GradientCourse.Runner release [--notebooks DIR] --out DIR
var releaseOut = new Option<string>("--out") { Description = "Folder for the student copies (never the sources' folder)", Required = true };
var release = new Command("release", "Write student copies: solutions replaced by stubs, hidden tests removed, outputs cleared")
{
    notebooksOption, releaseOut,
};
release.SetAction(parse =>
{
    var notebooks = parse.GetValue(notebooksOption) ?? Path.Combine(RepoPaths.RequireRoot(), "notebooks");
    if (!Directory.Exists(notebooks))
    {
        Console.Error.WriteLine($"No notebooks folder: {notebooks}");
        return 2;
    }
    return Releaser.ReleaseAll(notebooks, parse.GetValue(releaseOut)!, Console.Out);
});

// GradientCourse.Runner grade --submissions DIR --out DIR [--source DIR] [--timeout S] [--notebook-timeout S] [--memory MB]
// GradientCourse.Runner grade --student-repo [PATH] --source DIR [--out DIR]     (GitHub Classroom)
var submissionsOption = new Option<string?>("--submissions") { Description = "Folder of submissions: <student>/NN-topic.ipynb or <student>__NN-topic.ipynb" };
var gradeOut = new Option<string?>("--out") { Description = "Folder for grades.csv, totals.csv and feedback/<student>.md (created by grade; an earlier grade run's folder is resumed)" };
var sourceOption = new Option<string?>("--source") { Description = "The instructor's notebooks, with solutions and hidden tests (default: <repo>/notebooks)" };
var gradeTimeout = new Option<double>("--timeout") { Description = "Seconds a single cell or hidden-test call may run", DefaultValueFactory = _ => 30 };
var notebookTimeout = new Option<double>("--notebook-timeout") { Description = "Wall-clock seconds for grading one student's notebook", DefaultValueFactory = _ => 300 };
var memoryOption = new Option<int>("--memory") { Description = "Memory limit of a grading process in MB (managed heap, native memory and scratch space together)", DefaultValueFactory = _ => 2048 };
var noSandboxOption = new Option<bool>("--no-sandbox-i-trust-these-submissions") { Description = "Run submitted code WITHOUT the OS sandbox when bubblewrap cannot be used (only for submissions you trust)" };
var studentRepoOption = new Option<string?>("--student-repo") { Description = "GitHub Classroom: grade the notebooks/ of this student repository (default: the current folder) and write the autograding result", Arity = ArgumentArity.ZeroOrOne };
var grade = new Command("grade", "Grade submitted notebooks in sandboxed processes against the instructor's hidden tests; write grades.csv and per-student feedback")
{
    submissionsOption, gradeOut, sourceOption, gradeTimeout, notebookTimeout, memoryOption, noSandboxOption, studentRepoOption,
};
grade.SetAction(parse =>
{
    var studentRepo = parse.GetResult(studentRepoOption) is not null;
    var repoPath = Path.GetFullPath(parse.GetValue(studentRepoOption) ?? ".");
    var source = parse.GetValue(sourceOption) ?? (studentRepo ? null : Path.Combine(RepoPaths.RequireRoot(), "notebooks"));
    var submissions = studentRepo ? Path.Combine(repoPath, "notebooks") : parse.GetValue(submissionsOption);
    var output = parse.GetValue(gradeOut) ?? (studentRepo ? Path.Combine(repoPath, "artifacts", "grades") : null);
    if (source is null || submissions is null || output is null)
    {
        Console.Error.WriteLine(studentRepo
            ? "grade --student-repo needs --source (the instructor's notebooks with hidden tests, which the student repository must not contain)"
            : "grade needs --submissions and --out (or --student-repo for GitHub Classroom)");
        return 2;
    }
    double cell = parse.GetValue(gradeTimeout), whole = parse.GetValue(notebookTimeout);
    if (!(cell > 0) || !(whole > 0) || double.IsInfinity(cell) || double.IsInfinity(whole))
    {
        Console.Error.WriteLine("grade: --timeout and --notebook-timeout must be positive numbers of seconds");
        return 2;
    }
    var options = new GradeOptions(submissions, output, source, TimeSpan.FromSeconds(cell), TimeSpan.FromSeconds(whole),
        parse.GetValue(memoryOption), parse.GetValue(noSandboxOption), studentRepo);
    return new Grader(options, Console.Out).Run();
});

// GradientCourse.Runner exercises --list [--notebooks DIR]
var listOption = new Option<bool>("--list") { Description = "Print every exercise as a Markdown table (id, notebook, points, skill, hands-on, minutes)" };
var exercises = new Command("exercises", "List the course's exercises (for picking an assignment)") { listOption, notebooksOption };
exercises.SetAction(parse =>
{
    var notebooks = parse.GetValue(notebooksOption) ?? Path.Combine(RepoPaths.RequireRoot(), "notebooks");
    if (!parse.GetValue(listOption) || !Directory.Exists(notebooks))
    {
        Console.Error.WriteLine(Directory.Exists(notebooks) ? "exercises: pass --list" : $"No notebooks folder: {notebooks}");
        return 2;
    }
    Console.Out.Write(ExerciseTable.Markdown(notebooks));
    return 0;
});

// Internal: one grading process (started by grade; reads its job on stdin).
var gradeWorker = new Command("grade-worker", "internal: run one notebook for the grader") { Hidden = true };
gradeWorker.SetAction(_ =>
{
    using var output = Console.OpenStandardOutput();
    return Exit(GradeWorker.Serve(Console.In, output));
});

// GradientCourse.Runner serve [--root DIR] [--port N]: the built site on loopback (the playground cannot run from file://).
var serveRoot = new Option<string?>("--root") { Description = "Folder to serve (default: <repo>/artifacts/course)" };
var servePort = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 = any free port)", DefaultValueFactory = _ => 5170 };
var serve = new Command("serve", "Serve the built course site and its Gradient Playground on http://127.0.0.1 until Ctrl+C") { serveRoot, servePort };
serve.SetAction((parse, token) => GradientCourse.Runner.Serve.ServeCommand.RunAsync(parse.GetValue(serveRoot), parse.GetValue(servePort), token));

var rootCommand = new RootCommand("GradientCourse: run the course notebooks headlessly and render them as a static site") { build, run, images, export, release, grade, exercises, gradeWorker, notebookWorker, serve };
return rootCommand.Parse(args).Invoke();

// A timed-out cell's thread cannot be aborted: leave at once rather than wait for it.
static int Exit(int code)
{
    ConsoleRouter.RealOut.Flush();
    Console.Error.Flush();
    Environment.Exit(code);
    return code;
}
