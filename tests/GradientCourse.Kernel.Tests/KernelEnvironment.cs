using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GradientCourse.Kernel.Tests;

/// <summary>The official C# kernel, set up privately under this test project's build output (kernel-env/):
/// the pinned tool Microsoft.dotnet-interactive (never installed globally), its Jupyter kernelspec in a private
/// Jupyter data folder, and a private NuGet package folder (NUGET_PACKAGES) for the kernel's <c>#r "nuget: …"</c>
/// restores, prefilled and with TorchSharp's native library patched for older libstdc++ (Debian 12), so the user's
/// NuGet cache is never written, and a private HOME, so that the kernel's cache of package resolutions is private too.</summary>
internal sealed partial class KernelEnvironment
{
    /// <summary>The kernel version the course is tested on (README says the same; a test checks).</summary>
    public const string ToolVersion = "1.0.712001";

    /// <summary>The kernelspec name that <c>dotnet-interactive jupyter install</c> registers for C#.</summary>
    public const string KernelName = ".net-csharp";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static KernelEnvironment? ready;

    private KernelEnvironment(string root)
    {
        Root = root;
    }

    /// <summary>kernel-env/ under the build output.</summary>
    public string Root { get; }

    public string ToolDirectory => Path.Combine(Root, "tool");

    /// <summary>The tool's entry point (the shim that <c>dotnet tool install --tool-path</c> writes).</summary>
    public string ToolExecutable => Path.Combine(ToolDirectory, "dotnet-interactive");

    public string JupyterData => Path.Combine(Root, "jupyter", "data");

    public string PackageFolder => Path.Combine(Root, "nuget");

    /// <summary>The kernel's HOME. The kernel caches each <c>#r "nuget: …"</c> resolution under ~/.packagemanagement, keyed
    /// by the package list alone: with the user's HOME, a resolution the user's own kernel made (pointing into the user's
    /// NuGet cache, where TorchSharp's native library is unpatched) would be reused, whatever NUGET_PACKAGES says — seen
    /// here: with the user's HOME, notebooks 00–07 and 09 loaded Plotly.NET.Interactive from /root/.nuget/packages.
    /// It lies outside the repository: the kernel restores through projects it writes under HOME, and under the
    /// repository those would inherit Directory.Packages.props (central package management: error NU1008). One folder per
    /// kernel-env (the first 12 hex digits of SHA-256 of its path), so that two clones never share a cache;
    /// benchmarks/kernel-vs-runner.py computes the same path.</summary>
    public string HomeFolder => Path.Combine(Path.GetTempPath(), "gradientcourse-kernel-home",
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Root)))[..12]);

    /// <summary>Where the tool's own assemblies are (for version checks).</summary>
    public string ToolAssemblies =>
        Path.Combine(ToolDirectory, ".store", "microsoft.dotnet-interactive", ToolVersion, "microsoft.dotnet-interactive", ToolVersion, "tools", "net10.0", "any");

    /// <summary>The variables every kernel process gets: the tool first on PATH (kernel.json calls <c>dotnet interactive</c>),
    /// private Jupyter folders, the private NuGet package folder.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["PATH"] = ToolDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        ["JUPYTER_PATH"] = JupyterData,
        ["JUPYTER_DATA_DIR"] = JupyterData,
        ["JUPYTER_RUNTIME_DIR"] = Path.Combine(Root, "jupyter", "runtime"),
        ["JUPYTER_CONFIG_DIR"] = Path.Combine(Root, "jupyter", "config"),
        ["JUPYTER_PLATFORM_DIRS"] = "1",
        ["IPYTHONDIR"] = Path.Combine(Root, "jupyter", "ipython"),
        ["NUGET_PACKAGES"] = PackageFolder,
        ["HOME"] = HomeFolder,
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>Sets everything up once per test run (later calls reuse it; a second test run reuses the tool and the
    /// prefilled package folder).</summary>
    public static async Task<KernelEnvironment> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (ready is null)
            {
                var environment = new KernelEnvironment(Path.Combine(AppContext.BaseDirectory, "kernel-env"));
                environment.PrepareHome();
                await environment.InstallToolAsync();
                await environment.RegisterKernelspecAsync();
                await environment.PrefillPackagesAsync();
                ready = environment;
            }

            return ready;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task InstallToolAsync()
    {
        if (File.Exists(ToolExecutable) && Directory.Exists(ToolAssemblies))
        {
            return;
        }

        if (Directory.Exists(ToolDirectory))
        {
            Directory.Delete(ToolDirectory, recursive: true);
        }

        var result = await Processes.RunAsync(
            "dotnet",
            ["tool", "install", "--tool-path", ToolDirectory, "Microsoft.dotnet-interactive", "--version", ToolVersion],
            Paths.RepoRoot,
            null,
            TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0 && File.Exists(ToolExecutable), "installing the kernel tool failed: " + result);
    }

    /// <summary>Creates the private HOME; the user's NuGet.Config is copied into it, so that a package source configured
    /// there (a company feed, a mirror) still serves the kernel's restores.</summary>
    private void PrepareHome()
    {
        var config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        var copy = Path.Combine(HomeFolder, ".nuget", "NuGet", "NuGet.Config");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        if (File.Exists(config))
        {
            File.Copy(config, copy, overwrite: true);
        }
    }

    /// <summary><c>dotnet-interactive jupyter install --path</c> into the private data folder (it must exist first),
    /// then <c>--http-local-only</c> is added to the kernel's command line: its HTTP services listen on loopback only.</summary>
    private async Task RegisterKernelspecAsync()
    {
        var kernels = Path.Combine(JupyterData, "kernels");
        Directory.CreateDirectory(kernels);
        foreach (var folder in new[] { "runtime", "config", "ipython" })
        {
            Directory.CreateDirectory(Path.Combine(Root, "jupyter", folder));
        }

        var result = await Processes.RunAsync(ToolExecutable, ["jupyter", "install", "--path", kernels], Root, Variables, TimeSpan.FromMinutes(2));
        var specPath = Path.Combine(kernels, KernelName, "kernel.json");
        Assert.True(result.ExitCode == 0 && File.Exists(specPath), "registering the kernelspec failed: " + result);

        var spec = JsonNode.Parse(File.ReadAllText(specPath))!.AsObject();
        var argv = spec["argv"]!.AsArray();
        Assert.Equal(["dotnet", "interactive", "jupyter"], argv.Take(3).Select(a => a!.GetValue<string>()));
        if (!argv.Any(a => a!.GetValue<string>() == "--http-local-only"))
        {
            argv.Add("--http-local-only");
            File.WriteAllText(specPath, spec.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
    }

    /// <summary>Restores the notebooks' packages into the private folder (the user's package folder serves as an extra
    /// local source, so nothing is downloaded twice), then patches the copies of libLibTorchSharp.so there with the
    /// repository's own fix (build/TorchSharpGlibcxxFix.targets, target GradientCoursePatchPackageFolder).</summary>
    private async Task PrefillPackagesAsync()
    {
        var userPackages = UserPackageFolder();
        Assert.NotEqual(Path.GetFullPath(userPackages).TrimEnd('/'), Path.GetFullPath(PackageFolder).TrimEnd('/'));
        var packages = NotebookPackages();
        var wanted = string.Join('\n', packages.Select(p => $"{p.Id} {p.Version}"));
        var marker = Path.Combine(PackageFolder, ".gradientcourse-prefill");
        if (!File.Exists(marker) || File.ReadAllText(marker) != wanted)
        {
            var project = Path.Combine(Root, "prefill", "prefill.csproj");
            Directory.CreateDirectory(Path.GetDirectoryName(project)!);
            File.WriteAllText(project, PrefillProject(packages));
            var restore = await Processes.RunAsync(
                "dotnet",
                ["restore", project, "-p:RestoreAdditionalProjectSources=" + userPackages],
                Path.GetDirectoryName(project)!,
                Variables,
                TimeSpan.FromMinutes(15));
            Assert.True(restore.ExitCode == 0, "restoring the notebooks' packages into the private folder failed: " + restore);
            File.WriteAllText(marker, wanted);
        }

        var patch = await Processes.RunAsync(
            "dotnet",
            [
                "msbuild", Path.Combine(Paths.RepoRoot, "build", "TorchSharpGlibcxxFix.targets"), "-nologo",
                "-t:GradientCoursePatchPackageFolder", "-p:GlibcxxFixFolder=" + PackageFolder,
                "-p:GradientCourseProtectedPackageRoot=" + userPackages,
            ],
            Root,
            Variables,
            TimeSpan.FromMinutes(5));
        Assert.True(patch.ExitCode == 0, "patching TorchSharp in the private package folder failed: " + patch);
    }

    /// <summary>The user's global NuGet package folder (this test process's own NUGET_PACKAGES, else the default).</summary>
    private static string UserPackageFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Every <c>#r "nuget: Id, Version"</c> in the notebooks' code cells.</summary>
    public static List<(string Id, string Version)> NotebookPackages() =>
        Paths.Notebooks
            .SelectMany(n => Notebook.CodeCells(Notebook.Load(Path.Combine(Paths.NotebookFolder, n))))
            .SelectMany(c => NuGetLine().Matches(Notebook.Text(c["source"])))
            .Select(m => (m.Groups["id"].Value, m.Groups["version"].Value))
            .Distinct()
            .OrderBy(p => p.Item1, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>A project outside the course's build settings (no central package management, no repository props),
    /// like the project the kernel itself generates for <c>#r "nuget: …"</c>.</summary>
    private static string PrefillProject(IEnumerable<(string Id, string Version)> packages)
    {
        var references = string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />\n"));
        return $"""
            <Project>
              <PropertyGroup>
                <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>
                <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
              </PropertyGroup>
              <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <!-- The NuGet copy lacks some exact transitive versions; the kernel takes the next one too. -->
                <NoWarn>$(NoWarn);NU1603;NU1701</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
              <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
            </Project>

            """;
    }

    [GeneratedRegex("""#r\s+"nuget:\s*(?<id>[^,"\s]+)\s*,\s*(?<version>[^"\s]+)\s*"(?# version required)""")]
    private static partial Regex NuGetLine();
}
