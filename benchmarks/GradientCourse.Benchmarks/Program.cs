using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using GradientCourse.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/GradientCourse.Benchmarks -- --filter '*'
// (any BenchmarkDotNet arguments work). After the run, prints the side-by-side table of docs/performance.md and
// writes it to BenchmarkDotNet.Artifacts/results/training-step-table.md.
// "profile <shape> <act> <on|off|torch> [seconds]" runs one case's step in a loop for a profiler to sample
// (docs/performance.md: perf record with DOTNET_PerfMapEnabled=1), then prints the mean step time.
if (args.Length > 0 && args[0] == "profile")
{
    return ProfileLoop.Run(args[1..]);
}

// "paired [rounds]" interleaves the library and TorchSharp steps round by round and reports median ratios
// (docs/performance.md: the ratios to quote on a noisy machine); writes BenchmarkDotNet.Artifacts/results/paired-ratios.md.
if (args.Length > 0 && args[0] == "paired")
{
    return PairedRun.Run(args[1..]);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(TrainingStepBenchmarks).Assembly).Run(args);
var table = StepTable.Build(summaries);
if (table.Length > 0)
{
    Console.WriteLine();
    Console.WriteLine(table);
    var dir = Path.Combine("BenchmarkDotNet.Artifacts", "results");
    Directory.CreateDirectory(dir);
    File.WriteAllText(Path.Combine(dir, "training-step-table.md"), table);
}

return 0;

/// <summary>Turns BenchmarkDotNet's reports into one row per (shape, activation) with ratios from the same run.</summary>
internal static class StepTable
{
    public static string Build(IEnumerable<Summary> summaries)
    {
        var rows = new Dictionary<(string Shape, string Act), Dictionary<string, (double Ns, long? Bytes)>>();
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is null)
                {
                    continue;
                }

                var bc = report.BenchmarkCase;
                var shape = (string)bc.Parameters["Shape"];
                var act = (string)bc.Parameters["Act"];
                var method = bc.Descriptor.WorkloadMethod.Name;
                var bytes = report.GcStats.GetBytesAllocatedPerOperation(bc);
                if (!rows.TryGetValue((shape, act), out var cells))
                {
                    rows[(shape, act)] = cells = [];
                }

                cells[method] = (report.ResultStatistics.Mean, bytes);
            }
        }

        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"Batch {TrainingStepBenchmarks.Batch}, float64; torch default threads = {TrainingStepBenchmarks.DefaultThreads}. Ratio = library (telemetry off) / TorchSharp (1 thread); < 1 means the library is faster.");
        sb.AppendLine();
        sb.AppendLine("| case | params | library, telemetry off | library, telemetry on | telemetry overhead | torch f64, 1 thread | torch f64, default threads | torch f32, 1 thread | ratio lib/torch (1 thr) | ratio lib/torch (default thr) | library GFLOP/s | torch f64 1-thr GFLOP/s | library alloc/step (off / on) | torch alloc/step |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var ((shape, act), c) in rows.OrderBy(r => ShapeOrder(r.Key.Shape)).ThenBy(r => r.Key.Act, StringComparer.Ordinal))
        {
            var p = TrainingStepBenchmarks.ParameterCount(shape);
            var flops = 6.0 * TrainingStepBenchmarks.Batch * p;
            double? Ns(string m) => c.TryGetValue(m, out var v) ? v.Ns : null;
            long? Bytes(string m) => c.TryGetValue(m, out var v) ? v.Bytes : null;
            var off = Ns("LibraryTelemetryOff");
            var on = Ns("LibraryTelemetryOn");
            var t1 = Ns("Torch64OneThread");
            var td = Ns("Torch64DefaultThreads");
            var t32 = Ns("Torch32OneThread");
            sb.AppendLine(inv, $"| {shape} {act} | {p:N0} | {Ms(off)} | {Ms(on)} | {Pct(on, off)} | {Ms(t1)} | {Ms(td)} | {Ms(t32)} | {Ratio(off, t1)} | {Ratio(off, td)} | {Gflops(flops, off)} | {Gflops(flops, t1)} | {Kb(Bytes("LibraryTelemetryOff"))} / {Kb(Bytes("LibraryTelemetryOn"))} | {Kb(Bytes("Torch64OneThread"))} |");
        }

        return sb.ToString();

        static int ShapeOrder(string s) => s switch { "20x64" => 0, "10x256" => 1, _ => 2 };
        string Ms(double? ns) => ns is { } v ? (v / 1e6).ToString("0.000", inv) + " ms" : "–";
        string Ratio(double? a, double? b) => a is { } x && b is { } y ? (x / y).ToString("0.00", inv) : "–";
        string Pct(double? a, double? b) => a is { } x && b is { } y ? ((x / y) - 1).ToString("+0.0%;-0.0%", inv) : "–";
        string Gflops(double f, double? ns) => ns is { } v ? (f / v).ToString("0.0", inv) : "–";
        string Kb(long? b) => b is { } v ? (v < 1024 ? v.ToString(inv) + " B" : (v / 1024.0).ToString("0.0", inv) + " KB") : "–";
    }
}
