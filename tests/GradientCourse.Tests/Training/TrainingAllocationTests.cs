using GradientCourse;

namespace GradientCourse.Tests.Training;

/// <summary>
/// Steady-state training allocates no managed memory per step beyond the telemetry records
/// (measured with GC.GetAllocatedBytesForCurrentThread around warmed-up steps).
/// </summary>
public sealed class TrainingAllocationTests
{
    private const int Steps = 20;

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("relu")]
    [InlineData("tanh")]
    public void ForwardBackwardSgd_SteadyState_AllocatesNothing(string activation)
    {
        var (model, x, y) = Setup(activation);
        var loss = Losses.MeanSquaredError;
        var sgd = new Sgd(0.01);
        Matrix? gradient = null;
        void Step()
        {
            var yHat = model.Forward(x);
            _ = loss.Value(yHat, y);
            gradient = loss.GradientInto(yHat, y, gradient);
            model.Backward(gradient);
            sgd.Step(model.Parameters);
        }

        Step();
        Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Steps; i++)
        {
            Step();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TrainerStep_TelemetryOff_AllocatesOnlyTheStepRecord()
    {
        var perStep = Measure(recordTelemetry: false, out _);
        Assert.True(perStep <= 96, $"a telemetry-off step allocated {perStep} bytes; only its StepTelemetry record (~72 bytes) is expected.");
    }

    [Fact]
    public void TrainerStep_TelemetryOn_AllocatesOnlyTheRecords()
    {
        var perStep = Measure(recordTelemetry: true, out var layers);

        // StepTelemetry + LayerTelemetry[] + one LayerTelemetry record per block
        var budget = 96 + 32 + (8 * layers) + (80 * layers);
        Assert.True(perStep <= budget, $"a telemetry-on step allocated {perStep} bytes for {layers} layers; the records need at most {budget}.");
    }

    private static long Measure(bool recordTelemetry, out int layers)
    {
        var (model, x, y) = Setup("sigmoid");
        layers = model.Depth;
        var step = new TrainingStep(model, Losses.MeanSquaredError, new Sgd(0.01), new TrainerOptions { BatchSize = x.Rows, RecordTelemetry = recordTelemetry });
        Assert.Null(step.Run(x, y, 0, 0, out _));
        Assert.Null(step.Run(x, y, 1, 0, out _));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Steps; i++)
        {
            step.Run(x, y, 2 + i, 0, out _);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Steps;
    }

    private static (Mlp Model, Matrix X, Matrix Y) Setup(string activation)
    {
        var model = Mlp.Create(33, [64, 17, 64], 5, Activations.FromName(activation), Initializers.GlorotNormal, seed: 3);
        return (model, TestData.Gaussian(50, 33, seed: 1), TestData.Gaussian(50, 5, seed: 2));
    }
}
