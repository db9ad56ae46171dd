namespace GradientCourse.Runner.Serve;

/// <summary>The <c>serve</c> verb: serves the built course site (default artifacts/course) on loopback until Ctrl+C.</summary>
public static class ServeCommand
{
    /// <summary>Serves <paramref name="root"/> (or the repository's artifacts/course) on 127.0.0.1:<paramref name="port"/>; prints the address.</summary>
    public static async Task<int> RunAsync(string? root, int port, CancellationToken stop)
    {
        root = Path.GetFullPath(root ?? Path.Combine(RepoPaths.RequireRoot(), "artifacts", "course"));
        if (!Directory.Exists(root))
        {
            await Console.Error.WriteLineAsync($"No site at {root}: build it first with `dotnet run --project src/GradientCourse.Runner -- build`.");
            return 2;
        }

        StaticServer server;
        try
        {
            server = new StaticServer(root, port, TextWriter.Null);
        }
        catch (System.Net.HttpListenerException e)
        {
            await Console.Error.WriteLineAsync($"Cannot listen on 127.0.0.1:{port}: {e.Message}. Pick another with --port (0 = any free port).");
            return 2;
        }

        using (server)
        {
            Console.WriteLine($"Serving {root} at {server.Address}");
            if (File.Exists(Path.Combine(root, "playground", "index.html")))
            {
                Console.WriteLine($"Gradient Playground: {server.Address}playground/");
            }

            Console.WriteLine("Press Ctrl+C to stop.");
            await Console.Out.FlushAsync(CancellationToken.None);
            await server.RunAsync(stop);
        }

        return 0;
    }
}
