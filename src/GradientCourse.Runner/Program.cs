using System.CommandLine;
using GradientCourse.Runner;
using GradientCourse.Runner.Execution;
using GradientCourse.Runner.Grading;

// GradientCourse.Runner build [--notebooks DIR] [--out DIR] [--timeout SECONDS] [--only NAME] [--no-site]
// GradientCourse.Runner run NOTEBOOK [--out DIR] [--timeout SECONDS] [--site]
var notebooksOption = new Option<string?>("--notebooks") { Description = "Folder of *.ipynb to run (default: <repo>/notebooks)" };
var outOption = new Option<string?>("--out") { Description = "Output folder (default: <repo>/artifacts); executed notebooks go to <out>/notebooks, the site to <out>/course" };
var timeoutOption = new Option<double>("--timeout") { Description = "Seconds a single cell may run", DefaultValueFactory = _ => 120 };
var onlyOption = new Option<string?>("--only") { Description = "Run only the notebook with this name (e.g. 01-chain-rule, with or without .ipynb)" };
var noSiteOption = new Option<bool>("--no-site") { Description = "Skip the static site" };
var siteOption = new Option<bool>("--site") { Description = "Also build the site for this one notebook" };
var notebookArgument = new Argument<string>("notebook") { Description = "The .ipynb file to run" };

var build = new Command("build", "Execute every notebook in name order; write executed notebooks and the static site")
{
    notebooksOption, outOption, timeoutOption, onlyOption, noSiteOption,
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
    var files = Directory.GetFiles(notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
    var only = parse.GetValue(onlyOption);
    if (only is not null)
    {
        var wanted = Path.GetFileNameWithoutExtension(only);
        files = files.Where(f => Path.GetFileNameWithoutExtension(f) == wanted).ToList();
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
    var options = new RunOptions(notebooks, Path.GetFullPath(parse.GetValue(outOption) ?? Path.Combine(root, "artifacts")),
        TimeSpan.FromSeconds(parse.GetValue(timeoutOption)), only, !parse.GetValue(noSiteOption));
    return Exit(CourseRunner.Run(root, files, options, ConsoleRouter.RealOut));
});

var run = new Command("run", "Execute one notebook; write the executed copy to <out>/notebooks")
{
    notebookArgument, outOption, timeoutOption, siteOption,
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
    var options = new RunOptions(Path.GetDirectoryName(file)!, Path.GetFullPath(parse.GetValue(outOption) ?? Path.Combine(root, "artifacts")),
        TimeSpan.FromSeconds(parse.GetValue(timeoutOption)), null, parse.GetValue(siteOption));
    return Exit(CourseRunner.Run(root, [file], options, ConsoleRouter.RealOut));
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
var submissionsOption = new Option<string>("--submissions") { Description = "Folder of submissions: <student>/NN-topic.ipynb or <student>__NN-topic.ipynb", Required = true };
var gradeOut = new Option<string>("--out") { Description = "Folder for grades.csv, totals.csv and feedback/<student>.md", Required = true };
var sourceOption = new Option<string?>("--source") { Description = "The instructor's notebooks, with solutions and hidden tests (default: <repo>/notebooks)" };
var gradeTimeout = new Option<double>("--timeout") { Description = "Seconds a single cell (answer, check, hidden test) may run", DefaultValueFactory = _ => 30 };
var notebookTimeout = new Option<double>("--notebook-timeout") { Description = "Wall-clock seconds for grading one student's notebook", DefaultValueFactory = _ => 300 };
var memoryOption = new Option<int>("--memory") { Description = "Managed-heap limit of a grading process in MB", DefaultValueFactory = _ => 1024 };
var grade = new Command("grade", "Grade submitted notebooks in isolated processes; write grades.csv and per-student feedback")
{
    submissionsOption, gradeOut, sourceOption, gradeTimeout, notebookTimeout, memoryOption,
};
grade.SetAction(parse =>
{
    var source = parse.GetValue(sourceOption) ?? Path.Combine(RepoPaths.RequireRoot(), "notebooks");
    var options = new GradeOptions(parse.GetValue(submissionsOption)!, parse.GetValue(gradeOut)!, source,
        TimeSpan.FromSeconds(parse.GetValue(gradeTimeout)), TimeSpan.FromSeconds(parse.GetValue(notebookTimeout)), parse.GetValue(memoryOption));
    return new Grader(options, Console.Out).Run();
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

var rootCommand = new RootCommand("GradientCourse: run the course notebooks headlessly and render them as a static site") { build, run, release, grade, gradeWorker, serve };
return rootCommand.Parse(args).Invoke();

// A timed-out cell's thread cannot be aborted: leave at once rather than wait for it.
static int Exit(int code)
{
    ConsoleRouter.RealOut.Flush();
    Console.Error.Flush();
    Environment.Exit(code);
    return code;
}
