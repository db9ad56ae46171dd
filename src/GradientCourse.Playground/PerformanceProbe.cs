using System.Diagnostics;
using GradientCourse.Playground.Engine;
using Microsoft.JSInterop;

namespace GradientCourse.Playground;

/// <summary>
/// Timings callable from the page (<c>DotNet.invokeMethodAsync('GradientCourse.Playground', 'StepMilliseconds', hash, steps)</c>)
/// for docs/performance.md: the training step without drawing, and the kernels it spends its time in.
/// </summary>
public static class PerformanceProbe
{
    /// <summary>Milliseconds per training step of the experiment <paramref name="hash"/> (after 3 warm-up steps), drawing nothing.</summary>
    [JSInvokable]
    public static double StepMilliseconds(string hash, int steps)
    {
        var config = PlaygroundConfig.FromHash(hash);
        var run = new PlaygroundRun(config, PlaygroundData.Create(config.Data));
        run.Advance(3);
        var watch = Stopwatch.StartNew();
        var taken = run.Advance(steps);
        return watch.Elapsed.TotalMilliseconds / Math.Max(taken, 1);
    }

    /// <summary>Milliseconds per product of an m × k by a k × n matrix (Matrix.Multiply, the library's GEMM).</summary>
    [JSInvokable]
    public static double GemmMilliseconds(int m, int n, int k, int repeats)
    {
        var random = Seeds.Create(1);
        var a = Initializers.Normal(1).Sample(m, k, random);
        var b = Initializers.Normal(1).Sample(k, n, random);
        Matrix.Multiply(a, b);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++)
        {
            Matrix.Multiply(a, b);
        }

        return watch.Elapsed.TotalMilliseconds / repeats;
    }

    /// <summary>Nanoseconds per Math.FusedMultiplyAdd (fused = true) or per a·b + c, over <paramref name="count"/> dependent operations.</summary>
    [JSInvokable]
    public static double MultiplyAddNanoseconds(bool fused, int count)
    {
        var x = 0.5;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            x = fused ? Math.FusedMultiplyAdd(x, 0.999999, 1e-9) : (x * 0.999999) + 1e-9;
        }

        var ns = watch.Elapsed.TotalMilliseconds * 1e6 / count;
        return x > 0 ? ns : -ns;
    }
}
