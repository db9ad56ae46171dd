using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace GradientCourse.Runner.Site;

/// <summary>KaTeX for typesetting the notebooks' LaTeX offline. The one place its version is pinned: KaTeX is
/// not a NuGet package, so the runner fetches it from the npm registry with <c>npm pack katex@Version</c> into
/// <c>artifacts/cache/</c> once, and copies katex.min.js/css, its fonts and the auto-render extension into the site.</summary>
public static class KatexAssets
{
    /// <summary>The pinned KaTeX version (change it here only).</summary>
    public const string Version = "0.16.22";

    /// <summary>Copies KaTeX into <paramref name="siteDirectory"/>/katex, fetching it first if the cache lacks it.</summary>
    public static void CopyTo(string repoRoot, string siteDirectory, TextWriter log)
    {
        var package = EnsureCached(repoRoot, log);
        var dist = Path.Combine(package, "dist");
        var target = Path.Combine(siteDirectory, "katex");
        Directory.CreateDirectory(Path.Combine(target, "fonts"));
        File.Copy(Path.Combine(dist, "katex.min.js"), Path.Combine(target, "katex.min.js"), true);
        File.Copy(Path.Combine(dist, "katex.min.css"), Path.Combine(target, "katex.min.css"), true);
        File.Copy(Path.Combine(dist, "contrib", "auto-render.min.js"), Path.Combine(target, "auto-render.min.js"), true);
        foreach (var font in Directory.GetFiles(Path.Combine(dist, "fonts")))
            File.Copy(font, Path.Combine(target, "fonts", Path.GetFileName(font)), true);
    }

    /// <summary>The unpacked npm package folder (…/package), fetched with npm when absent.</summary>
    public static string EnsureCached(string repoRoot, TextWriter log)
    {
        var cache = Path.Combine(repoRoot, "artifacts", "cache", $"katex-{Version}");
        var package = Path.Combine(cache, "package");
        if (File.Exists(Path.Combine(package, "dist", "katex.min.js")))
            return package;

        Directory.CreateDirectory(cache);
        log.WriteLine($"== fetching KaTeX {Version} from the npm registry (npm pack) into {cache}");
        // Everything happens in a folder of this process, then moves into place: concurrent builds cannot see half a package.
        var staging = Path.Combine(cache, $"staging-{Environment.ProcessId}");
        if (Directory.Exists(staging))
            Directory.Delete(staging, true);
        Directory.CreateDirectory(staging);
        var start = new ProcessStartInfo("npm", ["pack", $"katex@{Version}", "--silent", "--pack-destination", staging])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = staging,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"npm is needed once to fetch KaTeX {Version} (math typesetting for the site) but was not found: {e.Message}. " +
                "Install Node.js/npm (Debian: apt-get install -y npm), or put the unpacked katex package at " + package, e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var tarball = Path.Combine(staging, $"katex-{Version}.tgz");
            if (process.ExitCode != 0 || !File.Exists(tarball))
                throw new InvalidOperationException($"npm pack katex@{Version} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
            using (var file = File.OpenRead(tarball))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
        }
        try
        {
            Directory.Move(Path.Combine(staging, "package"), package);
        }
        catch (IOException) when (File.Exists(Path.Combine(package, "dist", "katex.min.js")))
        {
            // another process unpacked it meanwhile
        }
        Directory.Delete(staging, true);
        return package;
    }
}
