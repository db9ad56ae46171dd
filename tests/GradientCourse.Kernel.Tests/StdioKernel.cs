using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GradientCourse.Kernel.Tests;

/// <summary>Drives the kernel tool as the Polyglot Notebooks extension does: <c>dotnet-interactive [vscode] stdio
/// --working-dir DIR</c>, one JSON command envelope per line on stdin (<c>{"token", "commandType": "SubmitCode",
/// "command": {"code", "targetKernelName"}}</c>), one event envelope per line on stdout (<c>{"eventType", "event",
/// "command": {the envelope it answers}}</c>), a cell done at CommandSucceeded or CommandFailed for its token.
/// Events are turned into nbformat outputs so that the Jupyter run's comparison applies unchanged.</summary>
internal static class StdioKernel
{
    /// <summary>Runs every code cell of the notebook in order; returns a copy with outputs and per-cell seconds.</summary>
    public static async Task<JsonObject> RunAsync(KernelEnvironment kernel, string notebookPath, TimeSpan cellTimeout)
    {
        var notebook = Notebook.Load(notebookPath);
        var start = new ProcessStartInfo(kernel.ToolExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(notebookPath)!,
        };
        foreach (var argument in new[] { "[vscode]", "stdio", "--working-dir", Path.GetDirectoryName(notebookPath)! })
        {
            start.ArgumentList.Add(argument);
        }

        Processes.Apply(start, kernel.Variables);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var index = 0;
            foreach (var cell in Notebook.CodeCells(notebook))
            {
                var token = $"gc-cell-{index++}";
                var envelope = new JsonObject
                {
                    ["token"] = token,
                    ["commandType"] = "SubmitCode",
                    ["command"] = new JsonObject { ["code"] = Notebook.Text(cell["source"]), ["targetKernelName"] = "csharp" },
                };
                var watch = Stopwatch.StartNew();
                await process.StandardInput.WriteLineAsync(envelope.ToJsonString());
                await process.StandardInput.FlushAsync();
                var outputs = await ReadUntilDoneAsync(process, token, cellTimeout, stderr);
                cell["outputs"] = outputs;
                cell["metadata"] ??= new JsonObject();
                cell["metadata"]!["gradientcourse"] = new JsonObject { ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3) };
                if (outputs.Any(o => o!["output_type"]!.GetValue<string>() == "error"))
                {
                    break;
                }
            }
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return notebook;
    }

    private static async Task<JsonArray> ReadUntilDoneAsync(Process process, string token, TimeSpan timeout, Task<string> stderr)
    {
        var outputs = new JsonArray();
        var displayed = new Dictionary<string, int>(); // valueId → index: DisplayedValueUpdated replaces that display
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                outputs.Add(Error("Timeout", $"no CommandSucceeded for {token} within {timeout.TotalSeconds:F0} s"));
                return outputs;
            }

            if (line is null)
            {
                outputs.Add(Error("KernelExited", "the kernel closed its output: " + await stderr));
                return outputs;
            }

            if (!line.StartsWith('{'))
            {
                continue; // the tool's welcome banner and log lines
            }

            var message = JsonNode.Parse(line)!.AsObject();
            var eventToken = message["command"]?["token"]?.GetValue<string>();
            if (eventToken is null || (eventToken != token && !eventToken.StartsWith(token + ".", StringComparison.Ordinal)))
            {
                continue; // kernel info and other commands' events
            }

            var body = message["event"]!;
            switch (message["eventType"]?.GetValue<string>())
            {
                case "StandardOutputValueProduced":
                    outputs.Add(Stream("stdout", body));
                    break;
                case "StandardErrorValueProduced":
                    outputs.Add(Stream("stderr", body));
                    break;
                case "ReturnValueProduced":
                    outputs.Add(Value("execute_result", body));
                    break;
                case "DisplayedValueProduced":
                case "DisplayedValueUpdated":
                    var valueId = body["valueId"]?.GetValue<string>();
                    if (valueId is not null && displayed.TryGetValue(valueId, out var index))
                    {
                        outputs[index] = Value("display_data", body); // as Jupyter's update_display_data
                    }
                    else
                    {
                        if (valueId is not null)
                        {
                            displayed[valueId] = outputs.Count;
                        }

                        outputs.Add(Value("display_data", body));
                    }

                    break;
                case "ErrorProduced":
                    outputs.Add(Error("ErrorProduced", body["message"]?.GetValue<string>() ?? ""));
                    break;
                case "CommandFailed" when eventToken == token:
                    outputs.Add(Error("CommandFailed", body["message"]?.GetValue<string>() ?? ""));
                    return outputs;
                case "CommandSucceeded" when eventToken == token:
                    return outputs;
                default:
                    break;
            }
        }
    }

    private static JsonObject Stream(string name, JsonNode body) => new()
    {
        ["output_type"] = "stream",
        ["name"] = name,
        ["text"] = string.Concat(body["formattedValues"]!.AsArray().Where(v => v!["mimeType"]!.GetValue<string>() == "text/plain").Select(v => v!["value"]!.GetValue<string>())),
    };

    private static JsonObject Value(string outputType, JsonNode body)
    {
        var data = new JsonObject();
        foreach (var value in body["formattedValues"]!.AsArray())
        {
            if (value!["suppressDisplay"]?.GetValue<bool>() != true)
            {
                data[value["mimeType"]!.GetValue<string>()] = value["value"]!.GetValue<string>();
            }
        }

        return new JsonObject { ["output_type"] = outputType, ["data"] = data, ["metadata"] = new JsonObject() };
    }

    private static JsonObject Error(string name, string message) => new()
    {
        ["output_type"] = "error",
        ["ename"] = name,
        ["evalue"] = message,
        ["traceback"] = new JsonArray(),
    };
}
