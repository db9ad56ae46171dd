using System.Text.Json.Nodes;

namespace GradientCourse.Kernel.Tests;

/// <summary>Where the course runner and the kernel share a package, the runner uses the kernel's version.</summary>
public class KernelPinTests
{
    [Fact]
    public async Task RunnerFormatting_IsTheKernelsVersion()
    {
        var kernel = await KernelEnvironment.GetAsync();

        var kernelPackages = Packages(Path.Combine(kernel.ToolAssemblies, "Microsoft.DotNet.Interactive.App.deps.json"));
        var runnerPackages = Packages(Path.ChangeExtension(Paths.RunnerDll, ".deps.json"));

        Assert.Equal(kernelPackages["Microsoft.DotNet.Interactive.Formatting"], runnerPackages["Microsoft.DotNet.Interactive.Formatting"]);
    }

    [Fact]
    public async Task RunnerFSharpCore_IsTheKernelsMajorMinor()
    {
        // The runner deliberately runs on FSharp.Core 10.0.x below Plotly.NET's 10.1 (VersionOverride in its project):
        // the kernel does too, so a notebook lacking the setup cell's FSharp.Core resolver fails in both.
        var kernel = await KernelEnvironment.GetAsync();

        var kernelVersion = Version.Parse(Packages(Path.Combine(kernel.ToolAssemblies, "Microsoft.DotNet.Interactive.App.deps.json"))["FSharp.Core"]);
        var runnerVersion = Version.Parse(Packages(Path.ChangeExtension(Paths.RunnerDll, ".deps.json"))["FSharp.Core"]);

        Assert.Equal((kernelVersion.Major, kernelVersion.Minor), (runnerVersion.Major, runnerVersion.Minor));
    }

    private static Dictionary<string, string> Packages(string depsJson)
    {
        Assert.True(File.Exists(depsJson), depsJson + " is missing");
        var libraries = JsonNode.Parse(File.ReadAllText(depsJson))!["libraries"]!.AsObject();
        // The tool builds Microsoft.DotNet.Interactive.* from source: there they are "project" entries with the
        // version they ship as packages.
        return libraries
            .Where(l => l.Value!["type"]?.GetValue<string>() is "package" or "project")
            .Select(l => l.Key.Split('/'))
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
    }
}
