using System.Xml.Linq;

namespace GradientCourse.Runner.Execution;

/// <summary>The central package pins of Directory.Packages.props: package id → version.</summary>
public sealed class PackagePins
{
    private readonly Dictionary<string, string> versions;

    /// <summary>Pins from a map of package id to version (ids compare without case).</summary>
    public PackagePins(IReadOnlyDictionary<string, string> versions) =>
        this.versions = new Dictionary<string, string>(versions, StringComparer.OrdinalIgnoreCase);

    /// <summary>The file the pins came from (for messages).</summary>
    public string Source { get; init; } = "Directory.Packages.props";

    /// <summary>All pins.</summary>
    public IReadOnlyDictionary<string, string> Versions => versions;

    /// <summary>Reads every <c>PackageVersion Include=… Version=…</c> of a props file.</summary>
    public static PackagePins Load(string propsPath)
    {
        var doc = XDocument.Load(propsPath);
        var pins = doc.Descendants()
            .Where(e => e.Name.LocalName == "PackageVersion")
            .Select(e => (Id: (string?)e.Attribute("Include"), Version: (string?)e.Attribute("Version")))
            .Where(p => p.Id is not null && p.Version is not null)
            .ToDictionary(p => p.Id!, p => p.Version!, StringComparer.OrdinalIgnoreCase);
        return new PackagePins(pins) { Source = propsPath };
    }

    /// <summary>The pinned version of a package, or null.</summary>
    public string? VersionOf(string id) => versions.TryGetValue(id, out var v) ? v : null;
}
