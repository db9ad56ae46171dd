using System.Diagnostics;
using System.Text;

namespace GradientCourse.Kernel.Tests;

/// <summary>The outcome of one child process.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"`{Command}` exited {ExitCode} after {Elapsed.TotalSeconds:F0} s:\n{Tail(Output, 6000)}";

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}

/// <summary>Runs child processes with their stdout and stderr merged, a time limit and extra environment variables.</summary>
internal static class Processes
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Apply(start, environment);
        var command = fileName + " " + string.Join(' ', start.ArgumentList);
        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"[killed after the time limit of {timeout.TotalSeconds:F0} s]");
            return new ProcessResult(command, -1, Text(output), watch.Elapsed);
        }

        return new ProcessResult(command, process.ExitCode, Text(output), watch.Elapsed);
    }

    /// <summary>Sets the variables; telemetry of the .NET CLI and of .NET Interactive is always off in tests.</summary>
    public static void Apply(ProcessStartInfo start, IReadOnlyDictionary<string, string>? environment)
    {
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
