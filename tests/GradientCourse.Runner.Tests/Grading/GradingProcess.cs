using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>Helpers of the grading tests: notebooks with exercise cells, the runner as a process with a long limit,
/// grades.csv as a table.</summary>
internal static class GradingProcess
{
    /// <summary>Runs the built runner (grading many students takes minutes on a busy machine).</summary>
    public static RunResult RunLong(TimeSpan limit, params string[] args)
    {
        Assert.True(File.Exists(RunnerDll), $"runner not built at {RunnerDll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(RunnerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"runner did not finish within {limit}: " + string.Join(' ', args));
        }

        return new RunResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A code cell with an id.</summary>
    public static JsonObject Code(string id, string source) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = id,
        ["metadata"] = new JsonObject(),
        ["outputs"] = new JsonArray(),
        ["source"] = source,
    };

    /// <summary>A markdown cell with an id.</summary>
    public static JsonObject Markdown(string id, string source) => new()
    {
        ["cell_type"] = "markdown",
        ["id"] = id,
        ["metadata"] = new JsonObject(),
        ["source"] = source,
    };

    /// <summary>A C# notebook of these cells.</summary>
    public static JsonObject Notebook(params JsonObject[] cells) => new()
    {
        ["cells"] = new JsonArray([.. cells]),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "C#" },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    };

    /// <summary>Writes a notebook.</summary>
    public static void Save(JsonObject notebook, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, notebook.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), new UTF8Encoding(false));
    }

    /// <summary>A copy with the given cells' sources replaced.</summary>
    public static JsonObject WithCells(JsonObject source, params (string Id, string Text)[] cells)
    {
        var copy = (JsonObject)source.DeepClone();
        foreach (var (id, text) in cells)
        {
            copy["cells"]!.AsArray().First(c => c!["id"]!.GetValue<string>() == id)!["source"] = text;
        }

        return copy;
    }

    /// <summary>grades.csv as (student, exercise) → (points, max, status, message).</summary>
    public static Dictionary<(string Student, string Exercise), (int Points, int Max, string Status, string Message)> Table(string grades)
    {
        var table = new Dictionary<(string, string), (int, int, string, string)>();
        foreach (var line in grades.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var f = SplitCsv(line);
            table[(f[0], f[1])] = (int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), f[4], f[5]);
        }

        return table;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
