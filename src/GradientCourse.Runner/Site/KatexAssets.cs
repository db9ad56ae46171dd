using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace GradientCourse.Runner.Site;

/// <summary>KaTeX for typesetting the notebooks' LaTeX offline. The one place its version is pinned: KaTeX is not a
/// NuGet package, so the runner downloads the package tarball from the npm registry over HTTPS (no npm needed),
/// checks it against the pinned SHA-512 (the registry's <c>dist.integrity</c>), unpacks it with System.Formats.Tar
/// into <c>artifacts/cache/</c> once, and copies katex.min.js/css, its fonts and the auto-render extension into the
/// site.</summary>
public static class KatexAssets
{
    /// <summary>The pinned KaTeX version (change it with <see cref="Integrity"/>).</summary>
    public const string Version = "0.16.22";

    /// <summary>The tarball's Subresource-Integrity hash as the npm registry publishes it
    /// (<c>https://registry.npmjs.org/katex/0.16.22</c>, <c>dist.integrity</c>).</summary>
    public const string Integrity = "sha512-XCHRdUw4lf3SKBaJe4EvgqIuWwkPSo9XoeO8GjQW94Bp7TWv9hNhzZjZ+OH9yf1UmLygb7DIT5GSFQiyt16zYg==";

    /// <summary>Environment variable that replaces the registry's address (a mirror, or a test server).</summary>
    public const string RegistryVariable = "GRADIENTCOURSE_NPM_REGISTRY";

    /// <summary>Where the tarball is downloaded from.</summary>
    public static Uri TarballUri
    {
        get
        {
            var registry = Environment.GetEnvironmentVariable(RegistryVariable) is { Length: > 0 } mirror
                ? mirror.TrimEnd('/')
                : "https://registry.npmjs.org";
            return new Uri($"{registry}/katex/-/katex-{Version}.tgz");
        }
    }

    /// <summary>Environment variable that replaces the cache folder (default: &lt;repo&gt;/artifacts/cache).</summary>
    public const string CacheVariable = "GRADIENTCOURSE_CACHE";

    /// <summary>The cache folder of the unpacked package (…/package).</summary>
    public static string CachedPackage(string repoRoot)
    {
        var cache = Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(repoRoot, "artifacts", "cache");
        return Path.Combine(cache, $"katex-{Version}", "package");
    }

    /// <summary>Makes sure KaTeX is cached, downloading it when needed; returns null, or why the site cannot be built
    /// (offline and not cached, a tarball that fails its integrity check) and how to fix it.</summary>
    public static string? Prepare(string repoRoot, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        try
        {
            EnsureCached(repoRoot, log);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

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
        foreach (var font in Directory.GetFiles(Path.Combine(dist, "fonts")).Order(StringComparer.Ordinal))
        {
            File.Copy(font, Path.Combine(target, "fonts", Path.GetFileName(font)), true);
        }
    }

    /// <summary>The unpacked package folder (…/package), downloaded and verified when absent. Throws
    /// <see cref="InvalidOperationException"/> with what to do when it cannot be had.</summary>
    public static string EnsureCached(string repoRoot, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var package = CachedPackage(repoRoot);
        if (File.Exists(Path.Combine(package, "dist", "katex.min.js")))
        {
            return package;
        }
        var cache = Path.GetDirectoryName(package)!;
        Directory.CreateDirectory(cache);
        var uri = TarballUri;
        log.WriteLine($"== fetching KaTeX {Version} from {uri} into {cache}");
        byte[] tarball;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            tarball = http.GetByteArrayAsync(uri).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new InvalidOperationException(
                $"KaTeX {Version} (math typesetting for the site) is not cached at {package} and could not be downloaded from {uri}: " +
                $"{e.Message}. Connect to the internet and build again (it is fetched once), or use --no-site.", e);
        }
        Verify(tarball);
        Unpack(tarball, cache, package);
        return package;
    }

    /// <summary>Throws when <paramref name="tarball"/> does not match <see cref="Integrity"/>.</summary>
    public static void Verify(byte[] tarball)
    {
        var actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball));
        if (!string.Equals(actual, Integrity, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"the downloaded KaTeX {Version} tarball ({TarballUri}) does not match the pinned integrity {Integrity} (got {actual}); " +
                "nothing was unpacked. A proxy or mirror may have altered it; try again or fetch it from the npm registry directly.");
        }
    }

    /// <summary>Unpacks into a folder of this process, then moves it into place: concurrent builds never see half a package.</summary>
    private static void Unpack(byte[] tarball, string cache, string package)
    {
        var staging = Path.Combine(cache, $"staging-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, true);
        }
        Directory.CreateDirectory(staging);
        using (var memory = new MemoryStream(tarball))
        using (var gzip = new GZipStream(memory, CompressionMode.Decompress))
        {
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
    }
}
