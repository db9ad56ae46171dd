using System.Net;
using System.Net.Sockets;

namespace GradientCourse.Runner.Serve;

/// <summary>
/// A static file server on loopback for the built course site (the playground's WebAssembly cannot load from file://).
/// GET and HEAD only; files outside the root are never served; a precompressed .gz beside a file is sent when the
/// browser accepts gzip.
/// </summary>
public sealed class StaticServer : IDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json",
        [".wasm"] = "application/wasm",
        [".csv"] = "text/csv; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".woff2"] = "font/woff2",
        [".woff"] = "font/woff",
        [".ttf"] = "font/ttf",
        [".txt"] = "text/plain; charset=utf-8",
        [".dat"] = "application/octet-stream",
    };

    private readonly HttpListener listener = new();
    private readonly string root;
    private readonly TextWriter log;

    /// <summary>Starts serving <paramref name="root"/> on 127.0.0.1:<paramref name="port"/> (0 = any free port).</summary>
    public StaticServer(string root, int port, TextWriter log)
    {
        this.root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        this.log = log;
        Port = port == 0 ? FreePort() : port;
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
    }

    /// <summary>The port served.</summary>
    public int Port { get; }

    /// <summary>The site's address.</summary>
    public string Address => $"http://127.0.0.1:{Port}/";

    /// <summary>Serves requests until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var registration = stop.Register(listener.Stop);
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            _ = Task.Run(() => Handle(context), CancellationToken.None);
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            if (request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.StatusCode = 405;
                return;
            }

            var file = Resolve(request.Url?.AbsolutePath ?? "/");
            if (file is null && request.Url?.AbsolutePath == "/favicon.ico")
            {
                response.StatusCode = 204; // the site has no icon: say so without an error in the browser's console
                return;
            }

            if (file is null)
            {
                response.StatusCode = 404;
                log.WriteLine($"404 {request.Url?.AbsolutePath}");
                return;
            }

            response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
            response.Headers["Cache-Control"] = "no-cache";
            var acceptsGzip = (request.Headers["Accept-Encoding"] ?? string.Empty).Contains("gzip", StringComparison.OrdinalIgnoreCase);
            var sent = file;
            if (acceptsGzip && File.Exists(file + ".gz") && File.GetLastWriteTimeUtc(file + ".gz") >= File.GetLastWriteTimeUtc(file))
            {
                sent = file + ".gz";
                response.Headers["Content-Encoding"] = "gzip";
            }

            response.Headers["Vary"] = "Accept-Encoding";
            await using var stream = File.OpenRead(sent);
            response.ContentLength64 = stream.Length;
            if (request.HttpMethod == "GET")
            {
                await stream.CopyToAsync(response.OutputStream);
            }
        }
        catch (Exception e) when (e is IOException or HttpListenerException or UnauthorizedAccessException)
        {
            // the browser went away mid-response, or the file vanished: nothing to tell it
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // already closed
            }
        }
    }

    /// <summary>The file for a URL path: inside the root only; a folder means its index.html.</summary>
    internal string? Resolve(string urlPath)
    {
        var relative = Uri.UnescapeDataString(urlPath).TrimStart('/');
        if (relative.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!(full + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal) && !full.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        if (Directory.Exists(full))
        {
            full = Path.Combine(full, "index.html");
        }

        return File.Exists(full) ? full : null;
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <inheritdoc />
    public void Dispose() => ((IDisposable)listener).Dispose();
}
