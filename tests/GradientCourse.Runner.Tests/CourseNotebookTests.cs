using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>Every committed notebook (notebooks/*.ipynb; a new notebook adds a case) runs without error and is clean.</summary>
public partial class CourseNotebookTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CourseNotebook_Executes_WithoutError(string notebook)
    {
        var output = TempDirectory("course");
        var source = Path.Combine(RepoRoot, "notebooks", notebook);
        var before = File.ReadAllText(source);

        var result = Run("run", source, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(before, File.ReadAllText(source));
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "notebooks", notebook)))!.AsObject();
        Assert.DoesNotContain(CodeCells(executed).SelectMany(c => c["outputs"]!.AsArray()),
            o => o!["output_type"]!.GetValue<string>() == "error");
    }

    [NbformatTheory]
    [MemberData(nameof(Notebooks))]
    public void CourseNotebook_IsValidNbformat4(string notebook) =>
        Validation.AssertValidNbformat(Path.Combine(RepoRoot, "notebooks", notebook));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CourseNotebook_IsClean_WithCourseMetadataAndPinnedPackages(string notebook)
    {
        var path = Path.Combine(RepoRoot, "notebooks", notebook);

        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal(".net-csharp", json["metadata"]?["kernelspec"]?["name"]?.GetValue<string>());
        Assert.Equal("csharp", json["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>());

        var pins = XDocument.Load(Path.Combine(RepoRoot, "Directory.Packages.props")).Descendants()
            .Where(e => e.Name.LocalName == "PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);
        foreach (var cell in CodeCells(json))
        {
            var id = cell["id"]?.GetValue<string>();
            Assert.True(cell["outputs"]!.AsArray().Count == 0, $"{notebook} cell '{id}' has committed outputs; clear them");
            Assert.True(cell["execution_count"] is null, $"{notebook} cell '{id}' has an execution count; clear outputs");
            foreach (Match m in NuGetLine().Matches(Text(cell["source"])))
            {
                var package = m.Groups["id"].Value;
                Assert.True(pins.TryGetValue(package, out var pinned), $"{notebook} cell '{id}': {package} is not pinned in Directory.Packages.props");
                Assert.True(pinned == m.Groups["version"].Value,
                    $"{notebook} cell '{id}': {package} {m.Groups["version"].Value} differs from the pin {pinned}");
            }
        }
    }

    [GeneratedRegex("""#r\s+"nuget:\s*(?<id>[^,"\s]+)\s*,\s*(?<version>[^"\s]+)\s*"(?# version required)""")]
    private static partial Regex NuGetLine();
}
