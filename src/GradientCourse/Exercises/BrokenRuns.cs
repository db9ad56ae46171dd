namespace GradientCourse;

/// <summary>
/// Seeded training runs that went wrong, each for one hidden reason (one of <see cref="Causes"/>): the material of the
/// "diagnose this run" exercises. <see cref="Case"/> gives the run — its loss curve and per-layer telemetry — and
/// nothing else; the cause is for the learner to find.
/// </summary>
public static class BrokenRuns
{
    private static readonly Dictionary<int, (string Cause, TrainingRun Run)> Cache = [];

    /// <summary>The possible causes, as a diagnosis names them.</summary>
    /// <remarks>"vanishing": saturating activations in a deep net; "dead-relu": ReLU units that never fire;
    /// "exploding": weights too large at initialization; "lr-too-high" and "lr-too-low": the learning rate.</remarks>
    public static IReadOnlyList<string> Causes { get; } = ["vanishing", "dead-relu", "exploding", "lr-too-high", "lr-too-low"];

    /// <summary>The run of case <paramref name="number"/> (≥ 1), recorded with full telemetry; the same number gives the same run.</summary>
    public static TrainingRun Case(int number) => Get(number).Run;

    /// <summary>The hidden cause of a case (checks and tests only).</summary>
    internal static string CauseOf(int number) => Get(number).Cause;

    private static (string Cause, TrainingRun Run) Get(int number)
    {
        if (number < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "case numbers start at 1.");
        }

        lock (Cache)
        {
            if (!Cache.TryGetValue(number, out var entry))
            {
                var cause = Causes[((3 * number) + 1) % Causes.Count];
                entry = (cause, Make(cause, number) with { Label = $"case {number}" });
                Cache[number] = entry;
            }

            return entry;
        }
    }

    private static TrainingRun Make(string cause, int number)
    {
        var data = Datasets.Regression1D(n: 256, seed: number % 5);
        var options = new TrainerOptions { Epochs = 20, BatchSize = 32, MaxSteps = 60, Seed = number };
        var variant = number % 3;
        Mlp model;
        double lr;
        switch (cause)
        {
            case "vanishing":
                model = Mlp.Create(1, Enumerable.Repeat(16, 13 + variant).ToArray(), 1, Activations.Sigmoid, Initializers.GlorotUniform, seed: number);
                lr = 0.1;
                break;
            case "dead-relu":
                model = Mlp.Create(1, Enumerable.Repeat(16, 6).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: number);
                foreach (var block in model.Blocks.SkipLast(1))
                {
                    block.Dense.Bias.Value.Fill(-(3.0 + variant));
                }

                lr = 0.05;
                break;
            case "exploding":
                model = Mlp.Create(1, Enumerable.Repeat(32, 9).ToArray(), 1, Activations.ReLU, Initializers.Normal(0.45 + (0.05 * variant)), seed: number);
                lr = 0.01;
                break;
            case "lr-too-high":
                model = Mlp.Create(1, Enumerable.Repeat(16, 4).ToArray(), 1, Activations.Tanh, Initializers.GlorotUniform, seed: number);
                lr = 4.0 + variant;
                break;
            default:
                model = Mlp.Create(1, Enumerable.Repeat(16, 4).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: number);
                lr = 1e-5;
                break;
        }

        return Trainer.Train(model, data.X, data.Y, Losses.MeanSquaredError, lr, options);
    }
}
