using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GradientCourse.Benchmarks;

/// <summary>
/// Ratios that survive a noisy machine: for each case, the library (telemetry off, on) and TorchSharp (float64 and
/// float32, one thread) take turns in short slices, round after round, and each round yields its own ratios. A burst
/// of load from another tenant then hits both sides of a ratio instead of one benchmark's whole measurement, as it
/// can when BenchmarkDotNet measures one method after the other. Reports medians over rounds and their quartiles.
/// </summary>
internal static class PairedRun
{
    private static readonly string[] Shapes = ["20x64", "10x256", "5x1024"];
    private static readonly string[] Acts = ["relu", "sigmoid"];
    private static readonly string[] Methods = ["off", "on", "torch64", "torch32"];

    public static int Run(string[] args)
    {
        var rounds = 25;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out rounds) || rounds < 3))
        {
            Console.Error.WriteLine($"usage: paired [rounds ≥ 3, default 25]; got '{args[0]}'.");
            return 2;
        }

        var inv = CultureInfo.InvariantCulture;
        var table = new StringBuilder();
        table.AppendLine(inv, $"Interleaved run: {rounds} rounds per case; in each round the four steps take turns in slices of ≈ 0.1 s (at least 2 steps). Medians over rounds, [25th–75th percentile] of the per-round ratios in brackets. Batch {TrainingStepBenchmarks.Batch}, one thread everywhere.");
        table.AppendLine();
        table.AppendLine("| case | library off | library on | torch f64 | torch f32 | ratio lib/torch f64 | telemetry overhead |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var total = Stopwatch.StartNew();
        foreach (var shape in Shapes)
        {
            foreach (var act in Acts)
            {
                var bench = new TrainingStepBenchmarks { Shape = shape, Act = act };
                bench.Setup();
                Action[] steps =
                [
                    () => bench.LibraryTelemetryOff(),
                    () => bench.LibraryTelemetryOn(),
                    () => bench.Torch64OneThread(),
                    () => bench.Torch32OneThread(),
                ];

                // warm-up: one second each (tiered JIT, torch's allocator), and a slice length from its pace
                var perSlice = new int[steps.Length];
                for (var m = 0; m < steps.Length; m++)
                {
                    var n = 0;
                    var warm = Stopwatch.StartNew();
                    while (warm.Elapsed.TotalSeconds < 1)
                    {
                        steps[m]();
                        n++;
                    }

                    perSlice[m] = Math.Max(2, (int)(0.1 * n / warm.Elapsed.TotalSeconds));
                }

                var times = new double[steps.Length][];
                for (var m = 0; m < steps.Length; m++)
                {
                    times[m] = new double[rounds];
                }

                for (var r = 0; r < rounds; r++)
                {
                    // alternate the order so no method always follows the same one
                    for (var k = 0; k < steps.Length; k++)
                    {
                        var m = r % 2 == 0 ? k : steps.Length - 1 - k;
                        var clock = Stopwatch.StartNew();
                        for (var i = 0; i < perSlice[m]; i++)
                        {
                            steps[m]();
                        }

                        times[m][r] = clock.Elapsed.TotalMilliseconds / perSlice[m];
                    }
                }

                bench.Cleanup();
                var ratio = Enumerable.Range(0, rounds).Select(r => times[0][r] / times[2][r]).ToArray();
                var overhead = Enumerable.Range(0, rounds).Select(r => (times[1][r] / times[0][r]) - 1).ToArray();
                table.AppendLine(inv,
                    $"| {shape} {act} | {Median(times[0]):0.000} ms | {Median(times[1]):0.000} ms | {Median(times[2]):0.000} ms | {Median(times[3]):0.000} ms | {Median(ratio):0.00} [{Quantile(ratio, 0.25):0.00}–{Quantile(ratio, 0.75):0.00}] | {Median(overhead):+0.0%;-0.0%} [{Quantile(overhead, 0.25):+0.0%;-0.0%}–{Quantile(overhead, 0.75):+0.0%;-0.0%}] |");
                Console.WriteLine(string.Create(inv, $"{shape} {act}: done ({total.Elapsed.TotalSeconds:0} s so far)"));
            }
        }

        Console.WriteLine();
        Console.WriteLine(table);
        var dir = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "paired-ratios.md"), table.ToString());
        return 0;
    }

    internal static double Median(double[] values) => Quantile(values, 0.5);

    /// <summary>Linear-interpolated quantile of a copy of <paramref name="values"/>.</summary>
    internal static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }
}
