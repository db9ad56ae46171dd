using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GradientCourse.Runner.Execution;

/// <summary>One headless run of the SYSTEM Chromium (Debian's <c>chromium</c>), driven over the DevTools protocol on
/// loopback: one browser process, one page, for as many evaluations as asked. Nothing is ever downloaded: the
/// executable is found on this machine or the caller is told why there is none.</summary>
internal sealed partial class ChromiumSession : IAsyncDisposable
{
    /// <summary>Environment variable naming the Chromium executable (overrides the search); <c>none</c> turns
    /// chart images off.</summary>
    public const string ExecutableVariable = "GRADIENTCOURSE_CHROMIUM";

    /// <summary>Where Debian and other distributions install Chromium or Chrome.</summary>
    public static readonly IReadOnlyList<string> KnownLocations =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>Launch flags: headless, no sandbox (root in containers), no GPU, and nothing that reaches the network
    /// on its own (first-run, background networking, component updates, sync).</summary>
    public static readonly IReadOnlyList<string> Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--force-device-scale-factor=1", "--remote-debugging-port=0",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> pending = new();
    private readonly ConcurrentQueue<string> stderrTail = new();
    private readonly CancellationTokenSource stop = new();
    private int nextId;
    private Task? receiver;

    private ChromiumSession(Process process, string profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>The Chromium executable to use, or null with the reason in <paramref name="why"/>.</summary>
    public static string? Find(out string why)
    {
        var configured = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase))
        {
            why = $"{ExecutableVariable}=none";
            return null;
        }
        if (!string.IsNullOrEmpty(configured))
        {
            why = File.Exists(configured) ? "" : $"{ExecutableVariable}={configured} does not exist";
            return File.Exists(configured) ? configured : null;
        }
        var found = KnownLocations.FirstOrDefault(File.Exists);
        why = found is null ? $"no Chromium at {string.Join(", ", KnownLocations)}" : "";
        return found;
    }

    /// <summary>Starts Chromium with a fresh profile folder and attaches to its first page.</summary>
    public static async Task<ChromiumSession> StartAsync(string executable)
    {
        var profile = Path.Combine(Path.GetTempPath(), "gc-images-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var flag in Flags)
        {
            start.ArgumentList.Add(flag);
        }
        start.ArgumentList.Add($"--user-data-dir={profile}");
        start.ArgumentList.Add("about:blank");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var session = new ChromiumSession(process, profile);
        try
        {
            await session.ConnectAsync();
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        return session;
    }

    private async Task ConnectAsync()
    {
        // Chromium prints its DevTools endpoint on stderr; keep draining stderr afterwards (it logs a lot without a
        // D-Bus, and a full pipe would stall it), keeping the last lines for error messages.
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                endpoint.TrySetException(new InvalidOperationException("Chromium exited before it opened its DevTools endpoint:\n" + Tail()));
                return;
            }
            stderrTail.Enqueue(e.Data);
            while (stderrTail.Count > 20 && stderrTail.TryDequeue(out string? dropped))
            {
            }
            var match = DevToolsLine().Match(e.Data);
            if (match.Success)
            {
                endpoint.TrySetResult(match.Groups[1].Value);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var hostPort = await endpoint.Task.WaitAsync(StartTimeout);

        using var http = new HttpClient { Timeout = StartTimeout };
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{hostPort}/json/list")))!.AsArray();
        var page = targets.FirstOrDefault(t => t?["type"]?.GetValue<string>() == "page")
            ?? throw new InvalidOperationException("Chromium has no page target");
        using var timeout = new CancellationTokenSource(StartTimeout);
        await socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), timeout.Token);
        receiver = Task.Run(ReceiveLoop);
    }

    /// <summary>Evaluates a JavaScript expression in the page, awaiting a promise it returns; returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, TimeSpan timeout)
    {
        var result = await SendAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, timeout);
        if (result["exceptionDetails"] is JsonObject details)
        {
            var text = details["exception"]?["description"]?.GetValue<string>() ?? details["text"]?.GetValue<string>() ?? details.ToJsonString();
            throw new InvalidOperationException(text.Split('\n')[0]);
        }
        return result["result"]?["value"];
    }

    /// <summary>Chromium's version string (e.g. <c>Chrome/156.0.8078.114</c>).</summary>
    public async Task<string> VersionAsync()
    {
        var result = await SendAsync("Browser.getVersion", null, StartTimeout);
        return result["product"]?.GetValue<string>() ?? "?";
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, stop.Token);
        JsonObject response;
        try
        {
            response = await reply.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            pending.TryRemove(id, out _);
            throw new TimeoutException($"Chromium did not answer {method} within {timeout.TotalSeconds:0} s");
        }
        if (response["error"] is { } error)
        {
            throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        }
        return response["result"]?.AsObject() ?? [];
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var part = await socket.ReceiveAsync(buffer, stop.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                {
                    continue;
                }
                var json = JsonNode.Parse(message.ToArray()) as JsonObject;
                message.SetLength(0);
                if (json?["id"] is { } id && pending.TryRemove(id.GetValue<int>(), out var reply))
                {
                    reply.TrySetResult(json);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
        foreach (var reply in pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("the connection to Chromium closed:\n" + Tail()));
        }
    }

    private string Tail() => string.Join("\n", stderrTail.Where(l => !l.Contains("dbus", StringComparison.OrdinalIgnoreCase)).TakeLast(5));

    /// <summary>Closes the connection, ends the browser's process tree and deletes its profile folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            if (receiver is not null)
            {
                await receiver.WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (TimeoutException)
        {
        }
        socket.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
        }
        process.Dispose();
        stop.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://([^/\s]+)/")]
    private static partial Regex DevToolsLine();
}
