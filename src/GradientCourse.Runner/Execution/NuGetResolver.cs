using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace GradientCourse.Runner.Execution;

/// <summary>Maps a pinned package to the assemblies a script compiles against.
/// First choice: the runner's own bin (every package the runner references, listed in its deps.json, so the
/// process loads one copy of each). Otherwise the NuGet global packages folder: lib/&lt;best framework&gt;/*.dll of the
/// package and of its nuspec dependencies (at their pinned versions where pinned).</summary>
public sealed class NuGetResolver
{
    /// <summary>Packages that only editors restore; the runner supplies what they provide (see <see cref="ChartFormatter"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string> ProvidedByRunner =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Plotly.NET.Interactive"] = "Plotly.NET" };

    private static readonly string[] FrameworkPreference =
        ["net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netstandard2.1", "netstandard2.0", "netstandard1.6", "netstandard1.3"];

    private readonly PackagePins pins;
    private readonly string binDirectory;
    private readonly Dictionary<string, (string Version, List<string> Assemblies, List<string> Dependencies)> bin;

    /// <summary>A resolver for <paramref name="pins"/>: packages shipped in <paramref name="binDirectory"/> (default: this
    /// program's folder) first, then the NuGet packages folder (default: NUGET_PACKAGES or ~/.nuget/packages).</summary>
    public NuGetResolver(PackagePins pins, string? binDirectory = null, string? packagesFolder = null)
    {
        this.pins = pins;
        this.binDirectory = binDirectory ?? AppContext.BaseDirectory;
        PackagesFolder = packagesFolder
            ?? Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        bin = ReadDeps(this.binDirectory);
    }

    /// <summary>The NuGet global packages folder searched for packages the runner does not ship.</summary>
    public string PackagesFolder { get; }

    /// <summary>True for an assembly the runner does not ship (it comes from the NuGet packages folder and must be
    /// loaded explicitly, as the kernel loads restored packages).</summary>
    public bool IsFromPackagesFolder(string path) =>
        !string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), Path.GetFullPath(binDirectory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    /// <summary>Assembly paths for a package and its dependencies. Throws with a clear message when absent.</summary>
    public IReadOnlyList<string> Resolve(string id, string version)
    {
        if (ProvidedByRunner.TryGetValue(id, out var substitute))
        {
            return Resolve(substitute, pins.VersionOf(substitute) ?? throw new InvalidOperationException($"{substitute} is not pinned"));
        }
        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (bin.ContainsKey(id))
        {
            CollectFromBin(id, paths, seen);
        }
        else
        {
            CollectFromCache(id, version, paths, seen, top: true);
        }
        return paths.Distinct(StringComparer.Ordinal).ToList();
    }

    private void CollectFromBin(string id, List<string> paths, HashSet<string> seen)
    {
        if (!seen.Add(id) || !bin.TryGetValue(id, out var entry))
        {
            return;
        }
        paths.AddRange(entry.Assemblies.Select(a => Path.Combine(binDirectory, a)).Where(File.Exists));
        foreach (var dependency in entry.Dependencies)
        {
            CollectFromBin(dependency, paths, seen);
        }
    }

    private void CollectFromCache(string id, string version, List<string> paths, HashSet<string> seen, bool top)
    {
        if (!seen.Add(id))
        {
            return;
        }
        if (bin.ContainsKey(id))
        {
            CollectFromBin(id, paths, seen.Where(s => !s.Equals(id, StringComparison.OrdinalIgnoreCase)).ToHashSet(StringComparer.OrdinalIgnoreCase));
            return;
        }
        var folder = Path.Combine(PackagesFolder, id.ToLowerInvariant(), version.ToLowerInvariant());
        if (!Directory.Exists(folder))
        {
            if (top)
            {
                throw new InvalidOperationException(
                    $"package {id} {version} is neither shipped with the runner nor in the NuGet packages folder ({PackagesFolder}); " +
                    "restore a project that references it (e.g. dotnet restore GradientCourse.sln) and run again");
            }
            return; // a dependency without managed assemblies we need (often a metapackage)
        }
        var lib = Path.Combine(folder, "lib");
        if (Directory.Exists(lib))
        {
            var tfm = FrameworkPreference.FirstOrDefault(f => Directory.Exists(Path.Combine(lib, f)));
            if (tfm is not null)
            {
                paths.AddRange(Directory.GetFiles(Path.Combine(lib, tfm), "*.dll").Order(StringComparer.Ordinal));
            }
        }
        foreach (var (depId, depVersion) in NuspecDependencies(folder, id))
        {
            CollectFromCache(depId, pins.VersionOf(depId) ?? depVersion, paths, seen, top: false);
        }
    }

    private static IEnumerable<(string Id, string Version)> NuspecDependencies(string folder, string id)
    {
        var nuspec = Directory.GetFiles(folder, "*.nuspec").FirstOrDefault();
        if (nuspec is null)
        {
            yield break;
        }
        var doc = XDocument.Load(nuspec);
        var groups = doc.Descendants().Where(e => e.Name.LocalName == "group").ToList();
        IEnumerable<XElement> deps;
        if (groups.Count == 0)
        {
            deps = doc.Descendants().Where(e => e.Name.LocalName == "dependency");
        }
        else
        {
            var byTfm = groups.ToDictionary(g => NormalizeTfm((string?)g.Attribute("targetFramework") ?? ""), g => g);
            var best = FrameworkPreference.FirstOrDefault(byTfm.ContainsKey);
            deps = best is null ? [] : byTfm[best].Elements().Where(e => e.Name.LocalName == "dependency");
        }
        foreach (var dep in deps)
        {
            var depId = (string?)dep.Attribute("id");
            var range = (string?)dep.Attribute("version") ?? "";
            if (depId is null)
            {
                continue;
            }
            var minimum = range.Trim('[', '(', ' ').Split(',')[0].Trim();
            yield return (depId, minimum);
        }
        _ = id;
    }

    private static string NormalizeTfm(string tfm) => tfm.ToLowerInvariant() switch
    {
        ".netstandard2.0" => "netstandard2.0",
        ".netstandard2.1" => "netstandard2.1",
        var t when t.StartsWith("net", StringComparison.Ordinal) && t.Contains('.', StringComparison.Ordinal) => t,
        var t when t.StartsWith(".netcoreapp", StringComparison.Ordinal) => t[1..],
        var t => t,
    };

    private static Dictionary<string, (string, List<string>, List<string>)> ReadDeps(string binDirectory)
    {
        var result = new Dictionary<string, (string, List<string>, List<string>)>(StringComparer.OrdinalIgnoreCase);
        var own = Path.Combine(binDirectory, typeof(NuGetResolver).Assembly.GetName().Name + ".deps.json");
        var depsFile = File.Exists(own) ? own : Directory.GetFiles(binDirectory, "*.deps.json").FirstOrDefault();
        if (depsFile is null)
        {
            return result;
        }
        var root = JsonNode.Parse(File.ReadAllText(depsFile));
        var libraries = root?["libraries"]?.AsObject();
        var targets = root?["targets"]?.AsObject();
        var target = targets?.FirstOrDefault().Value?.AsObject();
        if (target is null || libraries is null)
        {
            return result;
        }
        foreach (var (key, value) in target)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var name = key[..slash];
            var version = key[(slash + 1)..];
            if (libraries[key]?["type"]?.GetValue<string>() != "package")
            {
                continue;
            }
            var assemblies = value?["runtime"]?.AsObject().Select(p => Path.GetFileName(p.Key)).ToList() ?? [];
            var dependencies = value?["dependencies"]?.AsObject().Select(p => p.Key).ToList() ?? [];
            result[name] = (version, assemblies, dependencies);
        }
        return result;
    }
}
