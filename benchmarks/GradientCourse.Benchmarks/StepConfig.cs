using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace GradientCourse.Benchmarks;

/// <summary>
/// A short job so the whole suite takes about ten minutes on two cores: one launch, 3 warm-up and 8 measured
/// iterations, in process (TorchSharp's native libraries load from this project's output, where the build has
/// applied the GLIBCXX fix). Allocations per operation come from the MemoryDiagnoser.
/// </summary>
public sealed class StepConfig : ManualConfig
{
    public StepConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithId("short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOption(ConfigOptions.JoinSummary, true);
    }
}
