using System.Text;
using System.Text.Json.Nodes;
using GradientCourse.Tests.Probes;

namespace GradientCourse.Kernel.Tests;

/// <summary>Writes the setup-loading probe (<see cref="SetupProbeCells"/>) as a notebook the kernel runs.</summary>
internal static class SetupProbe
{
    /// <summary>Writes the probe to <paramref name="path"/>: notebook 00's metadata and setup cell, its <c>#r</c> paths
    /// made absolute; returns the path.</summary>
    public static string Write(string path)
    {
        var notebook = Notebook.Load(Path.Combine(Paths.NotebookFolder, "00-welcome.ipynb"));
        var setup = Notebook.Text(Notebook.CodeCells(notebook)[0]["source"]);
        var cells = new JsonArray();
        foreach (var (source, i) in SetupProbeCells.Cells(setup, Path.Combine(Paths.RepoRoot, "src")).Select((s, i) => (s, i)))
        {
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["id"] = $"probe-{i}",
                ["metadata"] = new JsonObject(),
                ["execution_count"] = null,
                ["outputs"] = new JsonArray(),
                ["source"] = source,
            });
        }
        notebook["cells"] = cells;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, notebook.ToJsonString(), new UTF8Encoding(false));
        return path;
    }
}
