using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GradientCourse.Kernel.Tests;

/// <summary>README's two commands are the ones CI, GitHub Actions and the devcontainer use, and the devcontainer
/// is set up as the course needs it.</summary>
public partial class RepositoryEntryPointTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Paths.RepoRoot, "README.md"));

    [Fact]
    public void ReadmeQuickStart_IsTheTwoCourseCommands()
    {
        var quickStart = QuickStartBlock().Match(Readme);
        Assert.True(quickStart.Success, "README has no ```bash block under '## Quick start'");

        var commands = quickStart.Groups["code"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(["./course.sh build", "./course.sh test"], commands);
    }

    [Fact]
    public void CourseScript_ProvisionsTheTestPrerequisitesAndRunsTheCommands()
    {
        var script = File.ReadAllText(Path.Combine(Paths.RepoRoot, "course.sh"));

        foreach (var package in new[] { "chromium", "python3-nbclient", "python3-jupyter-client", "python3-nbformat", "python3-yaml", "bubblewrap" })
        {
            Assert.Contains(package + ":", script, StringComparison.Ordinal);
        }

        Assert.Contains("dotnet run --project src/GradientCourse.Runner -- build \"$@\"", script, StringComparison.Ordinal);
        Assert.Contains("dotnet test GradientCourse.sln \"$@\"", script, StringComparison.Ordinal);
        Assert.True(IsExecutable(Path.Combine(Paths.RepoRoot, "course.sh")), "course.sh must be executable (git update-index --chmod=+x)");
    }

    [Fact]
    public void CiScript_RunsReadmeTestCommandAndFailsOnSkips()
    {
        var script = File.ReadAllText(Path.Combine(Paths.RepoRoot, ".ci", "run"));

        Assert.Contains("./course.sh test", script, StringComparison.Ordinal);
        Assert.Contains("skipped", script, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet test", script, StringComparison.Ordinal);
    }

    [Fact]
    public void CiWorkflow_RunsReadmeTestCommand()
    {
        var workflow = Yaml(Path.Combine(Paths.RepoRoot, ".github", "workflows", "ci.yml"));

        var steps = Steps(workflow);

        Assert.Contains(steps, s => s["uses"]?.GetValue<string>().StartsWith("actions/checkout@", StringComparison.Ordinal) == true);
        Assert.Contains(steps, s => s["run"]?.GetValue<string>().Trim() == "./course.sh test");
        Assert.True(workflow["on"]?["pull_request"] is not null || workflow["on"]?.AsObject().ContainsKey("pull_request") == true, "ci.yml should run on pull requests");
    }

    [Fact]
    public void PagesWorkflow_BuildsWithReadmeCommandAndPublishesTheSite()
    {
        var workflow = Yaml(Path.Combine(Paths.RepoRoot, ".github", "workflows", "pages.yml"));

        var steps = Steps(workflow);

        Assert.Contains(steps, s => s["run"]?.GetValue<string>().Trim() == "./course.sh build");
        var upload = Assert.Single(steps, s => s["uses"]?.GetValue<string>().StartsWith("actions/upload-pages-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("artifacts/course", upload["with"]?["path"]?.GetValue<string>());
        Assert.Contains(steps, s => s["uses"]?.GetValue<string>().StartsWith("actions/deploy-pages@", StringComparison.Ordinal) == true);
        Assert.Equal("write", workflow["permissions"]?["pages"]?.GetValue<string>());
        Assert.Equal("write", workflow["permissions"]?["id-token"]?.GetValue<string>());
    }

    [Fact]
    public void Devcontainer_PinsImageSetsPolyglotVariablesAndWarmsTheKernel()
    {
        var text = File.ReadAllText(Path.Combine(Paths.RepoRoot, ".devcontainer", "devcontainer.json"));
        var json = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;

        Assert.Matches(@"^mcr\.microsoft\.com/devcontainers/dotnet:\d+\.\d+\.\d+-10\.0-noble$", json["image"]!.GetValue<string>());
        var settings = json["customizations"]!["vscode"]!["settings"]!.AsObject();
        Assert.True(settings.ContainsKey("polyglot-notebook.kernelEnvironmentVariables"), "settings lack polyglot-notebook.kernelEnvironmentVariables");
        Assert.DoesNotContain(settings, s => s.Key.StartsWith("dotnet-interactive.", StringComparison.Ordinal));
        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", json["customizations"]!["vscode"]!["extensions"]!.AsArray().Select(e => e!.GetValue<string>()));

        var postCreate = json["postCreateCommand"]!.GetValue<string>();
        Assert.Contains(".devcontainer/post-create.sh", postCreate, StringComparison.Ordinal);
        var script = File.ReadAllText(Path.Combine(Paths.RepoRoot, ".devcontainer", "post-create.sh"));
        Assert.Contains("dotnet build GradientCourse.sln", script, StringComparison.Ordinal);
        Assert.Contains("version=" + KernelEnvironment.ToolVersion, script, StringComparison.Ordinal);
        Assert.Contains("warm-kernel.sh", script, StringComparison.Ordinal);
        Assert.Contains("jupyter install --path", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_StatesTheKernelVersionAndBothEditorPaths()
    {
        Assert.Contains($"Microsoft.dotnet-interactive --version {KernelEnvironment.ToolVersion}", Readme, StringComparison.Ordinal);
        Assert.Contains("mkdir -p ~/.local/share/jupyter/kernels", Readme, StringComparison.Ordinal);
        Assert.Contains("dotnet-interactive jupyter install", Readme, StringComparison.Ordinal);
        Assert.Contains("Polyglot Notebooks", Readme, StringComparison.Ordinal);
    }

    private static JsonObject Yaml(string path)
    {
        // Debian's python3-yaml (./course.sh test installs it) turns the workflow into JSON; a YAML error fails here.
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import json, sys, yaml\nprint(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(path)} does not parse as YAML (or python3-yaml is missing: run ./course.sh test):\n{stderr}");
        var json = JsonNode.Parse(stdout)!.AsObject();

        // YAML 1.1 reads the key `on` as the boolean true.
        if (json["true"] is { } on)
        {
            json.Remove("true");
            json["on"] = on;
        }

        return json;
    }

    private static List<JsonObject> Steps(JsonObject workflow) =>
        workflow["jobs"]!.AsObject().SelectMany(j => j.Value!["steps"]?.AsArray() ?? []).Select(s => s!.AsObject()).ToList();

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;

    [GeneratedRegex(@"## Quick start\s.*?```(?:bash|sh)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex QuickStartBlock();
}
