using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace GradientCourse.Runner.Site;

/// <summary>
/// Puts the Gradient Playground (src/GradientCourse.Playground, Blazor WebAssembly) into the site's playground/ folder:
/// <c>dotnet publish -c Release</c> once per change of its sources or the library's (cached under
/// artifacts/cache/playground/&lt;hash&gt;), then a copy. Set GRADIENTCOURSE_NO_PLAYGROUND=1 to leave it out.
/// </summary>
public static class PlaygroundSite
{
    /// <summary>The index page's link; from file:// it explains how to serve the site instead (WebAssembly does not load from files).</summary>
    public const string IndexLink = """
        <p class="playground-link" id="playground-link"><strong><a href="playground/index.html">Gradient Playground</a></strong>:
        train a deep network live in your browser with the course's own library (WebAssembly) and watch its gradients vanish or explode.
        <span id="playground-file-note" hidden>This page is open from a file, and browsers do not run WebAssembly from files:
        in the repository run <code>dotnet run --project src/GradientCourse.Runner -- serve</code> and open the address it prints.</span></p>
        <script>if (location.protocol === 'file:') { document.getElementById('playground-file-note').hidden = false; }</script>
        """;

    private static readonly string[] Inputs = ["src/GradientCourse.Playground", "src/GradientCourse"];
    private static readonly string[] RootFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "data/electricity.csv"];

    /// <summary>Whether the site gets the playground (not when GRADIENTCOURSE_NO_PLAYGROUND is set).</summary>
    public static bool Enabled => string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GRADIENTCOURSE_NO_PLAYGROUND"));

    /// <summary>Publishes (or takes from the cache) the playground and copies it to <paramref name="siteDirectory"/>/playground.</summary>
    /// <exception cref="InvalidOperationException">dotnet publish failed (its output is in the message).</exception>
    public static void CopyTo(string repoRoot, string siteDirectory, TextWriter log)
    {
        var published = EnsurePublished(repoRoot, log);
        var target = Path.Combine(siteDirectory, "playground");
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        CopyDirectory(Path.Combine(published, "wwwroot"), target);
    }

    /// <summary>The published app's folder (with wwwroot/), publishing it when the cache lacks this version.</summary>
    public static string EnsurePublished(string repoRoot, TextWriter log)
    {
        var hash = InputHash(repoRoot);
        var cacheRoot = Path.Combine(repoRoot, "artifacts", "cache", "playground");
        var cached = Path.Combine(cacheRoot, hash);
        if (File.Exists(Path.Combine(cached, "wwwroot", "index.html")))
        {
            log.WriteLine($"== playground: from the cache ({hash})");
            return cached;
        }

        Directory.CreateDirectory(cacheRoot);
        var staging = Path.Combine(cacheRoot, $"staging-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        log.WriteLine("== playground: dotnet publish -c Release (Blazor WebAssembly, trimmed) …");
        var watch = Stopwatch.StartNew();
        var project = Path.Combine(repoRoot, "src", "GradientCourse.Playground", "GradientCourse.Playground.csproj");
        var (code, output) = Dotnet(repoRoot, "publish", project, "-c", "Release", "-o", staging, "-nologo", "-v", "quiet");
        if (code != 0 || !File.Exists(Path.Combine(staging, "wwwroot", "index.html")))
        {
            throw new InvalidOperationException($"dotnet publish of the playground failed (exit code {code}):\n{output}");
        }

        foreach (var old in Directory.GetDirectories(cacheRoot).Where(d => Path.GetFileName(d) != Path.GetFileName(staging)))
        {
            TryDelete(old);
        }

        Directory.Move(staging, cached);
        log.WriteLine($"== playground: published in {watch.Elapsed.TotalSeconds:0} s, {Size(Path.Combine(cached, "wwwroot"), ".br") / 1e6:0.0} MB Brotli-compressed");
        return cached;
    }

    /// <summary>Total bytes of the files under <paramref name="folder"/> whose names end with <paramref name="suffix"/> (null: the uncompressed files).</summary>
    public static long Size(string folder, string? suffix) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => suffix is null ? !f.EndsWith(".br", StringComparison.Ordinal) && !f.EndsWith(".gz", StringComparison.Ordinal) : f.EndsWith(suffix, StringComparison.Ordinal))
            .Sum(f => new FileInfo(f).Length);

    /// <summary>SHA-256 over the relative paths and contents of every source the published app depends on.</summary>
    public static string InputHash(string repoRoot)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Inputs.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(repoRoot, folder), "*", SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(Path.GetRelativePath(repoRoot, f)))
            .Concat(RootFiles.Select(f => Path.Combine(repoRoot, f)).Where(File.Exists))
            .Select(f => Path.GetRelativePath(repoRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(repoRoot, relative)));
        }

        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }

    private static bool IsBuildOutput(string relative)
    {
        var parts = relative.Replace('\\', '/').Split('/');
        return parts.Any(p => p is "bin" or "obj");
    }

    private static (int Code, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A runner started by dotnet run/test inherits MSBuild's variables; a nested build must not.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // another build is using it; the next one cleans up
        }
    }
}
