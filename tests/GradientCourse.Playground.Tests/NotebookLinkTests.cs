using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GradientCourse.Playground.Engine;

namespace GradientCourse.Playground.Tests;

/// <summary>The notebooks' "open this experiment in the playground" cells (written by tools/playground-links.py).</summary>
public sealed partial class NotebookLinkTests
{
    [Fact]
    public void Notebooks_PlaygroundLinks_AtLeastFiveNotebooksEachLinkCanonicalAfterItsCodeCell()
    {
        var linked = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(PlaygroundSite.RepoRoot, "notebooks"), "*.ipynb"))
        {
            var cells = JsonNode.Parse(File.ReadAllText(file))!["cells"]!.AsArray();
            var found = 0;
            for (var i = 0; i < cells.Count; i++)
            {
                var source = string.Concat(cells[i]!["source"]!.AsArray().Select(s => s!.GetValue<string>()));
                foreach (Match m in Link().Matches(source))
                {
                    var id = cells[i]!["id"]!.GetValue<string>();
                    var name = Path.GetFileName(file);
                    Assert.Matches($"^playground-{name[..2]}-[0-9]+$", id);
                    Assert.Equal("markdown", cells[i]!["cell_type"]!.GetValue<string>());
                    Assert.True(i > 0 && cells[i - 1]!["cell_type"]!.GetValue<string>() == "code", $"{name} {id}: not right after a code cell");
                    var hash = m.Groups[1].Value;
                    Assert.Equal(hash, PlaygroundConfig.FromHash(hash).ToHash());
                    found++;
                }
            }

            linked += found > 0 ? 1 : 0;
        }

        Assert.True(linked >= 5, $"only {linked} notebooks link to the playground");
    }

    [GeneratedRegex(@"\(playground/index\.html#([^)\s]+)\)")]
    private static partial Regex Link();
}
