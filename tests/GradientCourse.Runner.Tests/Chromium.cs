using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GradientCourse.Runner.Tests;

/// <summary>Headless Chromium (Debian's) driven over the DevTools protocol: one page, its JavaScript errors collected.
/// Never downloads a browser.</summary>
internal sealed partial class Chromium : IAsyncDisposable
{
    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> pending = new();
    private readonly CancellationTokenSource stop = new();
    private int nextId;
    private Task? receiver;
    private TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Chromium(Process process, string profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>The installed chromium, or null.</summary>
    public static string? Executable { get; } =
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    /// <summary>JavaScript exceptions, console errors and failed loads seen so far.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<Chromium> StartAsync()
    {
        Assert.True(Executable is not null, "chromium is not installed: run ./course.sh test (it installs it) or apt-get install -y chromium");
        var profile = Path.Combine(Path.GetTempPath(), "gc-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Executable!) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
                     "--remote-debugging-port=0", "--window-size=1200,1600", "about:blank",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var browser = new Chromium(process, profile);
        string? endpoint = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (endpoint is null)
        {
            var line = await process.StandardError.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("chromium exited before its DevTools endpoint was known");
            var match = DevToolsLine().Match(line);
            if (match.Success)
            {
                endpoint = match.Groups[1].Value;
            }
        }
        _ = process.StandardError.ReadToEndAsync();

        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{endpoint}/json/list")))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await browser.socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), timeout.Token);
        browser.receiver = Task.Run(browser.ReceiveLoop);
        await browser.SendAsync("Runtime.enable");
        await browser.SendAsync("Log.enable");
        await browser.SendAsync("Page.enable");
        return browser;
    }

    /// <summary>Opens a URL and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        this.loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await this.loaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Evaluates an expression in the page and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } details)
        {
            throw new InvalidOperationException("evaluation failed: " + details.ToJsonString());
        }

        return result["result"]?["value"];
    }

    /// <summary>Polls until the expression is true (or the time is up); returns its last value.</summary>
    public async Task<bool> WaitForAsync(string expression, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if ((await EvaluateAsync(expression))?.GetValue<bool>() == true)
            {
                return true;
            }

            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A PNG screenshot of the whole page.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref this.nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        this.pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await this.socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, this.stop.Token);
        var response = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (response["error"] is { } error)
        {
            throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        }

        return response["result"]?.AsObject() ?? new JsonObject();
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!this.stop.IsCancellationRequested && this.socket.State == WebSocketState.Open)
            {
                var part = await this.socket.ReceiveAsync(buffer, this.stop.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                {
                    continue;
                }

                var json = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                Handle(json);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    private void Handle(JsonObject json)
    {
        if (json["id"] is { } id && this.pending.TryRemove(id.GetValue<int>(), out var reply))
        {
            reply.SetResult(json);
            return;
        }
        var parameters = json["params"];
        var method = json["method"]?.GetValue<string>();
        if (method == "Page.loadEventFired")
        {
            this.loaded.TrySetResult();
        }
        else if (method == "Runtime.exceptionThrown")
        {
            var details = parameters?["exceptionDetails"];
            Errors.Enqueue("exception: " + (details?["exception"]?["description"]?.GetValue<string>() ?? details?["text"]?.GetValue<string>()));
        }
        else if (method == "Runtime.consoleAPICalled" && parameters?["type"]?.GetValue<string>() == "error")
        {
            Errors.Enqueue("console.error: " + parameters["args"]?.ToJsonString());
        }
        else if (method == "Log.entryAdded" && parameters?["entry"]?["level"]?.GetValue<string>() == "error")
        {
            Errors.Enqueue($"log: {parameters["entry"]!["text"]} {parameters["entry"]!["url"]}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        try
        {
            this.process.Kill(entireProcessTree: true);
            await this.process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
        catch (TimeoutException)
        {
        }
        this.socket.Dispose();
        this.process.Dispose();
        this.stop.Dispose();
        try
        {
            Directory.Delete(this.profile, true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://([^/]+)/")]
    private static partial Regex DevToolsLine();
}

/// <summary>A fact that needs Chromium. It never skips: ./course.sh test installs Debian's chromium, and without it
/// <see cref="Chromium.StartAsync"/> fails the test with that fix.</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
}
