using System.Text;
using System.Text.RegularExpressions;
using GradientCourse.Runner.Notebooks;

namespace GradientCourse.Runner.Execution;

/// <summary>A package a cell asks for with <c>#r "nuget: Id, Version"</c>.</summary>
public sealed record PackageRequest(string Id, string Version, int Line);

/// <summary>A cell ready for Roslyn: magics removed (line numbers kept), package requests checked against the pins.</summary>
public sealed record PreparedCell(string Code, IReadOnlyList<PackageRequest> Packages, string? Error);

/// <summary>Handles what the .NET Interactive kernel handles before C# sees a cell: <c>#!</c> magics and
/// <c>#r "nuget: …"</c> (whose version must equal the central pin).</summary>
public static partial class CellPreprocessor
{
    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<id>[^,"\s]+)\s*(,\s*(?<version>[^"\s]*)\s*)?"\s*$""")]
    private static partial Regex NuGetDirective();

    /// <summary>Prepares one code cell; <see cref="PreparedCell.Error"/> names the cell and line on failure.</summary>
    public static PreparedCell Prepare(NotebookCell cell, PackagePins pins)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Prepare(cell.Label, cell.Source, pins);
    }

    /// <summary>Prepares a cell's <paramref name="source"/>; errors name <paramref name="label"/> and the line.</summary>
    public static PreparedCell Prepare(string label, string source, PackagePins pins)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(pins);
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var code = new StringBuilder();
        var packages = new List<PackageRequest>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineNumber = i + 1;
            var trimmed = line.Trim();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                var magic = trimmed.Split(' ', 2)[0];
                if (magic is "#!csharp" or "#!c#" or "#!C#")
                {
                    code.Append('\n'); // keep line numbers of compiler messages equal to the cell's
                    continue;
                }
                return Fail($"{label}, line {lineNumber}: magic command '{magic}' is not supported by the course runner " +
                            "(only C# code runs here; '#!csharp' is accepted and ignored)");
            }
            var nuget = NuGetDirective().Match(line);
            if (nuget.Success)
            {
                var id = nuget.Groups["id"].Value;
                var version = nuget.Groups["version"].Value;
                var pinned = pins.VersionOf(id);
                if (pinned is null)
                {
                    return Fail($"{label}, line {lineNumber}: package '{id}' is not pinned in Directory.Packages.props; " +
                                "pin it there (<PackageVersion Include=\"" + id + "\" Version=\"…\" />) and use that version here");
                }
                if (version.Length == 0)
                {
                    return Fail($"{label}, line {lineNumber}: #r \"nuget: {id}\" names no version; write #r \"nuget: {id}, {pinned}\" (the pinned version)");
                }
                if (!string.Equals(version, pinned, StringComparison.OrdinalIgnoreCase))
                {
                    return Fail($"{label}, line {lineNumber}: #r \"nuget: {id}, {version}\" does not match the pinned version {pinned} " +
                                $"in Directory.Packages.props; write #r \"nuget: {id}, {pinned}\"");
                }
                packages.Add(new PackageRequest(id, pinned, lineNumber));
                code.Append('\n'); // the kernel consumes the directive; the runner adds the package's references itself
                continue;
            }
            else if (trimmed.StartsWith("#r", StringComparison.Ordinal) && trimmed.Contains("nuget:", StringComparison.OrdinalIgnoreCase))
            {
                return Fail($"{label}, line {lineNumber}: cannot read this package reference; write #r \"nuget: Id, Version\"");
            }
            else if (trimmed.StartsWith("#i ", StringComparison.Ordinal))
            {
                return Fail($"{label}, line {lineNumber}: '#i' (package sources) is not supported; the runner uses the pinned packages it ships");
            }
            code.Append(line);
            if (i < lines.Length - 1)
            {
                code.Append('\n');
            }
        }
        return new PreparedCell(code.ToString(), packages, null);

        static PreparedCell Fail(string message) => new("", [], message);
    }
}
