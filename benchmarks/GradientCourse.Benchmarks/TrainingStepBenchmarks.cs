using BenchmarkDotNet.Attributes;
using GradientCourse.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace GradientCourse.Benchmarks;

/// <summary>
/// One minibatch training step (forward, MSE loss, backward, SGD update) of the same MLP in the library and in
/// TorchSharp: identical sizes, weights, data and dtype (float64), batch 128, input width = hidden width, 10 outputs.
/// The library step is the trainer's own step (<see cref="TrainingStep"/>: divergence checks, global gradient norm,
/// telemetry when on), so "telemetry off" is the cheapest thing the trainer does; TorchSharp's step is
/// zero_grad, forward, mse_loss, backward, optimizer.step with no extra checks.
/// </summary>
[Config(typeof(StepConfig))]
public class TrainingStepBenchmarks
{
    public const int Batch = 128;
    public const int Outputs = 10;
    private const double LearningRate = 1e-3;

    /// <summary>torch's thread count before any benchmark changed it (its default for this machine).</summary>
    private static readonly int TorchDefaultThreads = torch.get_num_threads();

    private Mlp model = null!;
    private Matrix x = null!;
    private Matrix y = null!;
    private TrainingStep telemetryOn = null!;
    private TrainingStep telemetryOff = null!;
    private int step;

    private TorchMlp torch64 = null!;
    private TorchMlp torch32 = null!;
    private Tensor x64 = null!, y64 = null!, x32 = null!, y32 = null!;
    private torch.optim.Optimizer sgd64 = null!, sgd32 = null!;

    /// <summary>Hidden layers × units.</summary>
    [Params("20x64", "10x256", "5x1024")]
    public string Shape { get; set; } = "20x64";

    /// <summary>Hidden activation.</summary>
    [Params("sigmoid", "relu")]
    public string Act { get; set; } = "sigmoid";

    public static (int Depth, int Width) Parse(string shape)
    {
        var parts = shape.Split('x');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Learnable numbers of the MLP width → depth × width → 10.</summary>
    public static long ParameterCount(string shape)
    {
        var (depth, width) = Parse(shape);
        return ((long)depth * ((width * width) + width)) + ((long)width * Outputs) + Outputs;
    }

    [GlobalSetup]
    public void Setup()
    {
        var (depth, width) = Parse(Shape);
        var relu = Act == "relu";
        model = Mlp.Create(width, Enumerable.Repeat(width, depth).ToArray(), Outputs,
            relu ? Activations.ReLU : Activations.Sigmoid, relu ? Initializers.HeNormal : Initializers.GlorotNormal, seed: 7);
        var random = new Random(11);
        x = new Matrix(Batch, width);
        y = new Matrix(Batch, Outputs);
        for (var i = 0; i < x.Length; i++)
        {
            x.Data[i] = (random.NextDouble() * 2) - 1;
        }

        for (var i = 0; i < y.Length; i++)
        {
            y.Data[i] = random.NextDouble();
        }

        // the torch copies take the weights before any library step changes them
        torch64 = new TorchMlp(model);
        torch32 = new TorchMlp(model);
        torch32.Module.to(ScalarType.Float32);
        x64 = TorchConvert.ToTensor(x);
        y64 = TorchConvert.ToTensor(y);
        x32 = x64.to(ScalarType.Float32);
        y32 = y64.to(ScalarType.Float32);
        sgd64 = torch.optim.SGD(torch64.Module.parameters(), LearningRate);
        sgd32 = torch.optim.SGD(torch32.Module.parameters(), LearningRate);

        var loss = Losses.MeanSquaredError;
        telemetryOn = new TrainingStep(model, loss, new Sgd(LearningRate), new TrainerOptions { BatchSize = Batch, RecordTelemetry = true });
        telemetryOff = new TrainingStep(model, loss, new Sgd(LearningRate), new TrainerOptions { BatchSize = Batch, RecordTelemetry = false });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        sgd64.Dispose();
        sgd32.Dispose();
        x64.Dispose();
        y64.Dispose();
        x32.Dispose();
        y32.Dispose();
        torch64.Dispose();
        torch32.Dispose();
        torch.set_num_threads(TorchDefaultThreads);
    }

    /// <summary>Library, single-threaded, full trainer step with per-layer telemetry (the notebooks' default).</summary>
    [Benchmark]
    public StepTelemetry? LibraryTelemetryOn()
    {
        telemetryOn.Run(x, y, step++, 0, out var record);
        return record;
    }

    /// <summary>Library, single-threaded, trainer step without per-layer telemetry.</summary>
    [Benchmark]
    public StepTelemetry? LibraryTelemetryOff()
    {
        telemetryOff.Run(x, y, step++, 0, out var record);
        return record;
    }

    /// <summary>TorchSharp float64, torch.set_num_threads(1): same work on the same single core as the library.</summary>
    [Benchmark]
    public double Torch64OneThread()
    {
        SetThreads(1);
        return TorchStep(torch64, sgd64, x64, y64);
    }

    /// <summary>TorchSharp float64 with torch's default thread count (reported in the summary).</summary>
    [Benchmark]
    public double Torch64DefaultThreads()
    {
        SetThreads(TorchDefaultThreads);
        return TorchStep(torch64, sgd64, x64, y64);
    }

    /// <summary>TorchSharp float32, one thread: a reference for what single precision buys (the library is float64 only).</summary>
    [Benchmark]
    public double Torch32OneThread()
    {
        SetThreads(1);
        return TorchStep(torch32, sgd32, x32, y32);
    }

    public static int DefaultThreads => TorchDefaultThreads;

    private static void SetThreads(int n)
    {
        if (torch.get_num_threads() != n)
        {
            torch.set_num_threads(n);
        }
    }

    private static double TorchStep(TorchMlp net, torch.optim.Optimizer optimizer, Tensor xb, Tensor yb)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var yHat = net.Module.forward(xb);
        var loss = nn.functional.mse_loss(yHat, yb);
        loss.backward();
        optimizer.step();
        return 0;
    }
}
