using System.Diagnostics;
using System.Globalization;

namespace GradientCourse.Benchmarks;

/// <summary>
/// Runs one benchmark case's step in a steady loop so a sampling profiler can attach (Linux perf with
/// DOTNET_PerfMapEnabled=1 resolves JIT-compiled frames). Same setup as <see cref="TrainingStepBenchmarks"/>.
/// </summary>
internal static class ProfileLoop
{
    private const string Usage = "usage: profile <20x64|10x256|5x1024> <sigmoid|relu> <on|off|torch> [seconds, default 20]";

    public static int Run(string[] args)
    {
        if (args.Length < 3 || args[0] is not ("20x64" or "10x256" or "5x1024") || args[1] is not ("sigmoid" or "relu")
            || args[2] is not ("on" or "off" or "torch"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var seconds = 20.0;
        if (args.Length > 3 && !double.TryParse(args[3], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            Console.Error.WriteLine($"seconds must be a number, got '{args[3]}'. {Usage}");
            return 2;
        }

        var bench = new TrainingStepBenchmarks { Shape = args[0], Act = args[1] };
        bench.Setup();
        GradientCourse.MatrixKernels.MaxThreads = 1;
        Func<object?> step = args[2] switch
        {
            "on" => bench.LibraryTelemetryOn,
            "off" => bench.LibraryTelemetryOff,
            _ => () => bench.Torch64OneThread(),
        };

        // warm up (tiered JIT reaches its optimised code), then measure while the profiler samples
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 2)
        {
            step();
        }

        var steps = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            step();
            steps++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[0]} {args[1]} {args[2]}: {steps} steps, {clock.Elapsed.TotalMilliseconds / steps:0.000} ms/step"));
        bench.Cleanup();
        return 0;
    }
}
