namespace GradientCourse.Playground.Engine;

/// <summary>
/// One live experiment: the model, its <see cref="TrainingSession"/> (the library's trainer, one step at a time) and
/// the history the views draw. Pure .NET: the same class runs in the browser and in the tests.
/// </summary>
public sealed class PlaygroundRun
{
    /// <summary>Validation loss is measured every this many steps.</summary>
    public const int ValidationEvery = 10;

    /// <summary>At most this many steps of per-layer history are kept (older ones are thinned out, every other dropped).</summary>
    public const int MaxHistory = 2048;

    private readonly List<double> trainLoss = [];
    private readonly List<(int Step, double Loss)> validationLoss = [];
    private readonly List<(int Step, double[] Norms)> gradNorms = [];
    private int historyStride = 1;
    private Matrix? probe;

    /// <summary>Builds the model and session of <paramref name="config"/> on <paramref name="data"/>.</summary>
    public PlaygroundRun(PlaygroundConfig config, PlaygroundData data)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        Config = config.Clone().Normalize();
        Data = data;
        Model = Mlp.Create(data.Train.Features, Enumerable.Repeat(Config.Width, Config.Depth).ToArray(), data.Train.Outputs,
            Activations.FromName(Config.Activation), Initializers.FromKerasName(Config.Init), Config.Seed, Config.BatchNorm);
        Optimizer optimizer = Config.Optimizer switch
        {
            "momentum" => new SgdMomentum(Config.LearningRate, 0.9),
            "adam" => new Adam(Config.LearningRate),
            _ => new Sgd(Config.LearningRate),
        };
        var options = new TrainerOptions
        {
            BatchSize = Config.BatchSize,
            Seed = Config.Seed,
            ClipNorm = Config.Clip == "norm" ? Config.ClipAt : null,
            ClipValue = Config.Clip == "value" ? Config.ClipAt : null,
        };
        Session = new TrainingSession(Model, data.Train.X, data.Train.Y, data.Loss, optimizer, options);
        InitialValidationLoss = ValidationLossNow();
    }

    /// <summary>The validation loss before any step.</summary>
    public double InitialValidationLoss { get; }

    /// <summary>The (normalized) configuration.</summary>
    public PlaygroundConfig Config { get; }

    /// <summary>The data.</summary>
    public PlaygroundData Data { get; }

    /// <summary>The network being trained.</summary>
    public Mlp Model { get; }

    /// <summary>The library's trainer, stepped.</summary>
    public TrainingSession Session { get; }

    /// <summary>Steps taken.</summary>
    public int Steps => Session.StepCount;

    /// <summary>The last step's record (null before the first).</summary>
    public StepTelemetry? Last { get; private set; }

    /// <summary>Where training diverged, or null.</summary>
    public Divergence? Divergence => Session.Divergence;

    /// <summary>Training loss of every step (minibatch loss before the update).</summary>
    public IReadOnlyList<double> TrainLoss => trainLoss;

    /// <summary>Validation loss (eval mode) every <see cref="ValidationEvery"/> steps.</summary>
    public IReadOnlyList<(int Step, double Loss)> ValidationLoss => validationLoss;

    /// <summary>Per-layer weight-gradient norms (layer 1 first), thinned to at most <see cref="MaxHistory"/> steps.</summary>
    public IReadOnlyList<(int Step, double[] Norms)> GradNorms => gradNorms;

    /// <summary>Runs up to <paramref name="count"/> steps; stops at divergence. Returns the steps taken.</summary>
    public int Advance(int count)
    {
        var taken = 0;
        for (var i = 0; i < count; i++)
        {
            var record = Session.Step();
            if (record is null)
            {
                break;
            }

            taken++;
            Last = record;
            trainLoss.Add(record.Loss);
            if (record.Step % historyStride == 0)
            {
                gradNorms.Add((record.Step, record.Layers.Select(l => l.WeightGradNorm).ToArray()));
                if (gradNorms.Count > MaxHistory)
                {
                    historyStride *= 2;
                    gradNorms.RemoveAll(g => g.Step % historyStride != 0);
                }
            }

            if ((record.Step + 1) % ValidationEvery == 0)
            {
                validationLoss.Add((record.Step + 1, ValidationLossNow()));
            }
        }

        return taken;
    }

    /// <summary>The loss on the validation set now (eval mode; batch norm uses running statistics).</summary>
    public double ValidationLossNow()
    {
        var yHat = Model.Forward(Data.Validation.X, training: false);
        return Data.Loss.Value(yHat, Data.Validation.Y);
    }

    /// <summary>
    /// Histograms of every hidden block's output on (up to 512 rows of) the validation set in eval mode:
    /// <paramref name="bins"/> counts over [Low, High], with that layer's saturated and dead shares from the last step's telemetry.
    /// </summary>
    public IReadOnlyList<LayerHistogram> Histograms(int bins = 24)
    {
        var rows = Math.Min(512, Data.Validation.Count);
        probe ??= Data.Validation.X.SelectRows(Enumerable.Range(0, rows).ToArray());
        Model.Forward(probe, training: false);
        var result = new List<LayerHistogram>();
        foreach (var block in Model.Blocks)
        {
            if (block.Activation?.Output is not { } output)
            {
                continue;
            }

            var (low, high) = Config.Activation switch
            {
                "sigmoid" => (0.0, 1.0),
                "tanh" => (-1.0, 1.0),
                _ => Range(output.Data),
            };
            var counts = new int[bins];
            foreach (var v in output.Data)
            {
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var k = high > low ? (int)((v - low) / (high - low) * bins) : 0;
                counts[Math.Clamp(k, 0, bins - 1)]++;
            }

            var telemetry = Last?.Layers.FirstOrDefault(l => l.Layer == block.Index);
            result.Add(new LayerHistogram(block.Index, low, high, counts, telemetry?.SaturatedFraction ?? 0, telemetry?.DeadFraction ?? 0,
                telemetry?.ActivationMean ?? 0, telemetry?.ActivationStd ?? 0));
        }

        return result;
    }

    /// <summary>The model's outputs on <paramref name="x"/> in eval mode (a copy).</summary>
    public Matrix Predict(Matrix x) => Model.Forward(x, training: false).Clone();

    /// <summary>
    /// "vanishing" when the first layer's gradient norm is below 1e-3 of the largest layer's, "exploding" when above
    /// 1e3 of the smallest, otherwise "healthy"; null before the first step.
    /// </summary>
    public string? GradientVerdict()
    {
        if (Last is not { Layers.Count: > 0 } last)
        {
            return null;
        }

        var first = last.Layers[0].WeightGradNorm;
        var max = last.Layers.Max(l => l.WeightGradNorm);
        var min = last.Layers.Min(l => l.WeightGradNorm);
        if (max > 0 && first < 1e-3 * max)
        {
            return "vanishing";
        }

        return min > 0 && first > 1e3 * min ? "exploding" : "healthy";
    }

    private static (double Low, double High) Range(double[] values)
    {
        var low = double.PositiveInfinity;
        var high = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
        }

        if (!double.IsFinite(low))
        {
            return (0, 1);
        }

        return high > low ? (low, high) : (low - 0.5, low + 0.5);
    }
}

/// <summary>Histogram of one hidden layer's activations.</summary>
/// <param name="Layer">Block index, 1 = input side.</param>
/// <param name="Low">Left edge.</param>
/// <param name="High">Right edge.</param>
/// <param name="Counts">Counts per equal-width bin.</param>
/// <param name="Saturated">Saturated share (telemetry).</param>
/// <param name="Dead">Dead-unit share (telemetry).</param>
/// <param name="Mean">Mean activation.</param>
/// <param name="Std">Standard deviation of the activations.</param>
public sealed record LayerHistogram(int Layer, double Low, double High, int[] Counts, double Saturated, double Dead, double Mean, double Std);
