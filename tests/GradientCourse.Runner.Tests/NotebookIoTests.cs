using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>nbformat 4 reading and writing.</summary>
public class NotebookIoTests
{
    [Fact]
    public void MalformedJson_ClearErrorNamingFile_SourceUntouched()
    {
        var dir = TempDirectory("malformed");
        var path = Path.Combine(dir, "broken.ipynb");
        const string text = "{ \"nbformat\": 4, \"cells\": [ ";
        File.WriteAllText(path, text);

        var result = Run("run", path, "--out", Path.Combine(dir, "out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("broken.ipynb: not valid JSON", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(path));
        Assert.False(File.Exists(Path.Combine(dir, "out", "notebooks", "broken.ipynb")));
    }

    [Fact]
    public void NonCSharpNotebook_ClearError()
    {
        var dir = TempDirectory("python");
        var path = Path.Combine(dir, "py.ipynb");
        File.WriteAllText(path, """{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3"}}, "cells": []}""");

        var result = Run("run", path, "--out", Path.Combine(dir, "out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("py.ipynb: not a C# notebook", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecutedNotebook_KeepsMetadataAndIds_SourceAsString_SourcesUntouched()
    {
        var dir = TempDirectory("roundtrip");
        var path = WriteNotebook(dir, "roundtrip", Cell.Md("# Title"), Cell.Code("\"hi\""));
        // source as one string instead of a list of lines: both are valid nbformat
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["cells"]![1]!["source"] = "\"hi\"";
        json["metadata"]!["custom"] = new JsonObject { ["kept"] = true };
        File.WriteAllText(path, json.ToJsonString());
        var before = File.ReadAllText(path);

        var (result, executed) = RunNotebook(dir, "roundtrip");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Equal(".net-csharp", executed!["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.NotNull(executed["metadata"]!["polyglot_notebook"]);
        Assert.True(executed["metadata"]!["custom"]!["kept"]!.GetValue<bool>());
        Assert.Equal(["c0", "c1"], executed["cells"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal("hi", Text(CodeCells(executed)[0]["outputs"]![0]!["data"]!["text/plain"]));
    }

    [NbformatFact]
    public void ExecutedNotebook_WithAllOutputKinds_IsValidNbformat45()
    {
        var dir = TempDirectory("valid");
        WriteNotebook(dir, "valid",
            Cell.Md("# Outputs"),
            Cell.Code("Console.WriteLine(\"out\");\ndisplay(\"shown\");\n42"),
            Cell.Code("throw new Exception(\"stop\");"),
            Cell.Code("1"));

        var (result, executed) = RunNotebook(dir, "valid");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(5, executed!["nbformat_minor"]!.GetValue<int>());
        Validation.AssertValidNbformat(Path.Combine(dir, "out", "notebooks", "valid.ipynb"));
    }
}
