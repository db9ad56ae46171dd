using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GradientCourse.Playground.Tests;

/// <summary>
/// The course site as README's main job builds it (runner <c>build</c>, here for notebook 00 only), with the playground
/// published into it, served on loopback by the runner's <c>serve</c> verb. Shared by the browser tests.
/// </summary>
public sealed partial class PlaygroundSite : IAsyncLifetime
{
    private Process? server;

    /// <summary>The repository root.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Where the tests save screenshots (the test's output folder).</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "playground-artifacts")).FullName;

    /// <summary>The built site.</summary>
    public string SiteDirectory { get; private set; } = string.Empty;

    /// <summary>The served site's address, e.g. http://127.0.0.1:40123/.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>What the site build printed.</summary>
    public string BuildLog { get; private set; } = string.Empty;

    /// <summary>The playground's address with a hash.</summary>
    public string Playground(string hash) => $"{Address}playground/index.html#{hash}";

    public async Task InitializeAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "gc-playground-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(output);
        var build = await RunnerAsync(TimeSpan.FromMinutes(15), "build", "--only", "00-welcome", "--out", output);
        BuildLog = build.Output;
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"runner build failed ({build.ExitCode}):\n{build.Output}");
        }

        SiteDirectory = Path.Combine(output, "course");
        var start = Start("serve", "--root", SiteDirectory, "--port", "0");
        server = Process.Start(start)!;
        _ = server.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Address.Length == 0)
        {
            var line = await server.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("serve exited before printing its address");
            if (AddressLine().Match(line) is { Success: true } m)
            {
                Address = m.Groups[1].Value;
            }
        }

        _ = server.StandardOutput.ReadToEndAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }
    }

    /// <summary>The runner built beside these tests (same configuration).</summary>
    public static string RunnerDll { get; } = Path.Combine(RepoRoot, "src", "GradientCourse.Runner", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "GradientCourse.Runner.dll");

    private static ProcessStartInfo Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(RunnerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<(int ExitCode, string Output)> RunnerAsync(TimeSpan limit, params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"runner {string.Join(' ', args)} did not finish within {limit}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradientCourse.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GradientCourse.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"at (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex AddressLine();
}

/// <summary>The browser tests share one built and served site.</summary>
[CollectionDefinition("playground site")]
public sealed class PlaygroundSiteGroup : ICollectionFixture<PlaygroundSite>;
