using System.Text.Json;

namespace GradientCourse.Tests.Notebooks;

/// <summary>Every course notebook's setup cell is the template's (notebooks/template/notebook-template.ipynb).</summary>
public class NotebookSetupCellTests
{
    private const string TemplatePath = "notebooks/template/notebook-template.ipynb";

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoFiles.Path("notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            data.Add(System.IO.Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void SetupCell_EveryNotebook_EqualsTemplateApartFromTorchLines(string notebook)
    {
        var template = CellLines(TemplatePath, "setup");
        var torchLines = CellLines(TemplatePath, "setup-torch").ToHashSet(StringComparer.Ordinal);

        var setup = CellLines("notebooks/" + notebook, "setup");

        Assert.Equal(template, setup.Where(line => !torchLines.Contains(line)).ToList());
    }

    [Fact]
    public void SetupCell_Template_LoadsLibraryThenCharts()
    {
        var template = CellLines(TemplatePath, "setup");

        var library = template.IndexOf("#r \"../src/GradientCourse/bin/Debug/net10.0/GradientCourse.dll\"");
        var charts = template.IndexOf("#r \"../src/GradientCourse.Charts/bin/Debug/net10.0/GradientCourse.Charts.dll\"");
        Assert.True(library >= 0 && charts == library + 1, "the template's setup cell must #r GradientCourse.dll, then GradientCourse.Charts.dll on the next line");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CodeCells_EveryNotebook_NameTheCSharpKernelAndNoEditorLanguage(string notebook)
    {
        // Polyglot Notebooks picks the kernel from polyglot_notebook.kernelName; VS Code's ipynb reader takes
        // vscode.languageId literally, and "polyglot-notebook" is a language only that extension registers, so with
        // the Jupyter extension alone such cells would open as an unknown language (README, "Open the course").
        using var json = JsonDocument.Parse(File.ReadAllText(RepoFiles.Path("notebooks/" + notebook)));
        var metadata = json.RootElement.GetProperty("metadata");
        Assert.Equal(".net-csharp", metadata.GetProperty("kernelspec").GetProperty("name").GetString());

        foreach (var cell in json.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"))
        {
            var id = cell.GetProperty("id").GetString();
            var cellMetadata = cell.GetProperty("metadata");
            Assert.True(cellMetadata.TryGetProperty("polyglot_notebook", out var polyglot) && polyglot.GetProperty("kernelName").GetString() == "csharp",
                $"{notebook} cell {id}: metadata.polyglot_notebook.kernelName must be \"csharp\"");
            Assert.False(cellMetadata.TryGetProperty("vscode", out var vscode) && vscode.TryGetProperty("languageId", out _),
                $"{notebook} cell {id}: drop metadata.vscode.languageId (run /usr/bin/python3 tools/fix-notebook-metadata.py)");
        }
    }

    private static List<string> CellLines(string relativePath, string cellId)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepoFiles.Path(relativePath)));
        var cell = json.RootElement.GetProperty("cells").EnumerateArray()
            .Single(c => c.TryGetProperty("id", out var id) && id.GetString() == cellId);
        var source = string.Concat(cell.GetProperty("source").EnumerateArray().Select(l => l.GetString()));
        return [.. source.Split('\n').Select(l => l.TrimEnd('\r'))];
    }
}
