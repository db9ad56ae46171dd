using System.Diagnostics;
using System.Globalization;
using GradientCourse.Kernels;

namespace GradientCourse.Benchmarks;

/// <summary>
/// Runs one benchmark case's step in a steady loop so a sampling profiler can attach (Linux perf with
/// DOTNET_PerfMapEnabled=1 resolves JIT-compiled frames). Same setup as <see cref="TrainingStepBenchmarks"/>.
/// </summary>
internal static class ProfileLoop
{
    private const string Usage = "usage: profile <20x64|10x256|5x1024> <sigmoid|relu> <on|off|torch> [seconds, default 20] | profile gemm";

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "gemm")
        {
            return Gemm();
        }

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

    /// <summary>GFLOP/s of the three products a layer runs (batch 128), alone, for widths 64, 256 and 1024.</summary>
    private static int Gemm()
    {
        foreach (var width in new[] { 64, 256, 1024 })
        {
            var x = Random(128, width, 1);
            var w = Random(width, width, 2);
            var dy = Random(128, width, 3);
            var y = new Matrix(128, width);
            var dw = new Matrix(width, width);
            var dx = new Matrix(128, width);
            var flops = 2.0 * 128 * width * width;
            foreach (var (name, op) in new (string, Action)[]
            {
                ("x·W", () => MatrixKernels.Multiply(x, w, y)),
                ("xᵀ·dY", () => MatrixKernels.MultiplyTransposeA(x, dy, dw)),
                ("dY·Wᵀ", () => MatrixKernels.MultiplyTransposeB(dy, w, dx)),
            })
            {
                var reps = (int)Math.Max(20, 2e9 / flops);
                var warm = Stopwatch.StartNew();
                while (warm.Elapsed.TotalSeconds < 1)
                {
                    op(); // until tiered JIT has settled on the optimised code
                }

                // best of five windows: on a shared VM the slow windows are other tenants, not the kernel
                var best = double.MaxValue;
                for (var window = 0; window < 5; window++)
                {
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < reps / 5; i++)
                    {
                        op();
                    }

                    best = Math.Min(best, clock.Elapsed.TotalSeconds / (reps / 5));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"width {width,4} {name,-6}: {flops / best / 1e9:0.0} GFLOP/s (best of 5 windows)"));
            }
        }

        return 0;

        static Matrix Random(int rows, int cols, int seed)
        {
            var random = new Random(seed);
            var m = new Matrix(rows, cols);
            for (var i = 0; i < m.Length; i++)
            {
                m.Data[i] = random.NextDouble() - 0.5;
            }

            return m;
        }
    }
}
