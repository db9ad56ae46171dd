using System.Globalization;
using System.Text;

namespace GradientCourse.Playground.Engine;

/// <summary>
/// Everything that defines a playground experiment, as it lives in the URL hash
/// (<c>#data=regression&amp;depth=20&amp;width=16&amp;act=sigmoid&amp;init=glorot_uniform&amp;bn=0…</c>).
/// Unknown keys are ignored and bad values fall back to the defaults, so any link opens.
/// </summary>
public sealed class PlaygroundConfig
{
    /// <summary>The data sets offered: the course's 1-D regression, two 2-D classifications, the electricity case.</summary>
    public static IReadOnlyList<string> DataSets { get; } = ["regression", "moons", "spirals", "electricity"];

    /// <summary>Activation names offered: every row of the library's registry (without its aliases), in its order.</summary>
    public static IReadOnlyList<string> ActivationNames { get; } = [.. Activations.Registry.Select(r => r.Name)];

    /// <summary>Initializer names offered (Keras names, the library's registry).</summary>
    public static IReadOnlyList<string> InitializerNames => Initializers.KerasNames;

    /// <summary>Optimizers offered.</summary>
    public static IReadOnlyList<string> OptimizerNames { get; } = ["sgd", "momentum", "adam"];

    /// <summary>Clipping modes offered.</summary>
    public static IReadOnlyList<string> ClipModes { get; } = ["none", "norm", "value"];

    /// <summary>Data set name, one of <see cref="DataSets"/>.</summary>
    public string Data { get; set; } = "regression";

    /// <summary>Hidden layers, 1–50.</summary>
    public int Depth { get; set; } = 4;

    /// <summary>Units per hidden layer, 1–256.</summary>
    public int Width { get; set; } = 16;

    /// <summary>Activation name.</summary>
    public string Activation { get; set; } = "relu";

    /// <summary>Initializer Keras name.</summary>
    public string Init { get; set; } = "he_normal";

    /// <summary>Batch norm before every hidden activation.</summary>
    public bool BatchNorm { get; set; }

    /// <summary>Clipping: none, norm (global norm) or value.</summary>
    public string Clip { get; set; } = "none";

    /// <summary>The clipping threshold.</summary>
    public double ClipAt { get; set; } = 1.0;

    /// <summary>Optimizer name.</summary>
    public string Optimizer { get; set; } = "sgd";

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; set; } = 0.05;

    /// <summary>Minibatch size.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Seed of the weights and of the shuffles.</summary>
    public int Seed { get; set; }

    /// <summary>Steps per redraw (1–200): the playback speed. Not part of the experiment's numbers.</summary>
    public int Speed { get; set; } = 5;

    /// <summary>When positive, play stops by itself after this many steps (0 = run until paused).</summary>
    public int Until { get; set; }

    /// <summary>A copy.</summary>
    public PlaygroundConfig Clone() => (PlaygroundConfig)MemberwiseClone();

    /// <summary>Clamps every number into its range and replaces unknown names by defaults.</summary>
    public PlaygroundConfig Normalize()
    {
        var d = new PlaygroundConfig();
        Data = DataSets.Contains(Data) ? Data : d.Data;
        Depth = Math.Clamp(Depth, 1, 50);
        Width = Math.Clamp(Width, 1, 256);
        Activation = ActivationNames.Contains(Activation) ? Activation : d.Activation;
        Init = InitializerNames.Contains(Init) ? Init : d.Init;
        Clip = ClipModes.Contains(Clip) ? Clip : d.Clip;
        ClipAt = double.IsFinite(ClipAt) && ClipAt > 0 ? ClipAt : d.ClipAt;
        Optimizer = OptimizerNames.Contains(Optimizer) ? Optimizer : d.Optimizer;
        LearningRate = double.IsFinite(LearningRate) && LearningRate > 0 ? LearningRate : d.LearningRate;
        BatchSize = Math.Clamp(BatchSize, BatchNorm ? 2 : 1, 4096);
        Speed = Math.Clamp(Speed, 1, 200);
        Until = Math.Max(0, Until);
        return this;
    }

    /// <summary>The URL hash (without '#'): every setting, in a fixed order.</summary>
    public string ToHash()
    {
        var parts = new List<string>
        {
            $"data={Data}", $"depth={Depth}", $"width={Width}", $"act={Activation}", $"init={Init}", $"bn={(BatchNorm ? 1 : 0)}",
            $"clip={Clip}",
        };
        if (Clip != "none")
        {
            parts.Add($"clipat={Num(ClipAt)}");
        }

        parts.AddRange([$"opt={Optimizer}", $"lr={Num(LearningRate)}", $"batch={BatchSize}", $"seed={Seed}", $"speed={Speed}"]);
        if (Until > 0)
        {
            parts.Add($"until={Until}");
        }

        return string.Join('&', parts);
    }

    /// <summary>Reads a hash (with or without '#'); missing or bad values keep their defaults.</summary>
    public static PlaygroundConfig FromHash(string? hash)
    {
        var c = new PlaygroundConfig();
        foreach (var part in (hash ?? string.Empty).TrimStart('#').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var key = Uri.UnescapeDataString(part[..eq]).Trim().ToLowerInvariant();
            var value = Uri.UnescapeDataString(part[(eq + 1)..]).Trim();
            var lower = value.ToLowerInvariant();
            switch (key)
            {
                case "data": c.Data = lower; break;
                case "depth": c.Depth = Int(value, c.Depth); break;
                case "width": c.Width = Int(value, c.Width); break;
                case "act": c.Activation = lower; break;
                case "init": c.Init = lower; break;
                case "bn": c.BatchNorm = lower is "1" or "true" or "on"; break;
                case "clip": c.Clip = lower; break;
                case "clipat": c.ClipAt = Dbl(value, c.ClipAt); break;
                case "opt": c.Optimizer = lower; break;
                case "lr": c.LearningRate = Dbl(value, c.LearningRate); break;
                case "batch": c.BatchSize = Int(value, c.BatchSize); break;
                case "seed": c.Seed = Int(value, c.Seed); break;
                case "speed": c.Speed = Int(value, c.Speed); break;
                case "until": c.Until = Int(value, c.Until); break;
                default: break;
            }
        }

        return c.Normalize();
    }

    /// <summary>Formats a number the short round-trip way, invariant culture.</summary>
    public static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Notebook code that reproduces <paramref name="steps"/> steps of this experiment with the library
    /// (<c>Trainer.Train</c> with <c>MaxSteps</c>): the same data, weights, minibatches and numbers.
    /// </summary>
    public string ToCSharp(int steps)
    {
        steps = Math.Max(1, steps);
        var spec = PlaygroundData.Describe(Data);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"// Gradient Playground: #{ToHash()}");
        foreach (var line in spec.CSharpData)
        {
            sb.AppendLine(line);
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"var model = Mlp.Create({spec.Inputs}, Enumerable.Repeat({Width}, {Depth}).ToArray(), {spec.Outputs},");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    Activations.FromName(\"{Activation}\"), Initializers.FromKerasName(\"{Init}\"), seed: {Seed}, batchNorm: {(BatchNorm ? "true" : "false")});");
        var optimizer = Optimizer switch
        {
            "momentum" => $"new SgdMomentum({Num(LearningRate)}, momentum: 0.9)",
            "adam" => $"new Adam({Num(LearningRate)})",
            _ => $"new Sgd({Num(LearningRate)})",
        };
        var clip = Clip switch
        {
            "norm" => $", ClipNorm = {Num(ClipAt)}",
            "value" => $", ClipValue = {Num(ClipAt)}",
            _ => string.Empty,
        };
        sb.AppendLine(CultureInfo.InvariantCulture, $"var run = Trainer.Train(model, train.X, train.Y, {spec.CSharpLoss}, {optimizer},");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    new TrainerOptions {{ BatchSize = {BatchSize}, Seed = {Seed}, Epochs = {steps}, MaxSteps = {steps}{clip} }});");
        sb.AppendLine("Console.WriteLine(run.Divergence?.Message ?? $\"loss after {run.StepCount} steps: {run.FinalLoss:R}\");");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Console.WriteLine($\"validation loss: {{Trainer.Evaluate(model, validation.X, validation.Y, {spec.CSharpLoss}):R}}\");");
        sb.AppendLine("Charts.GradientNormHeatmap(run)");
        return sb.ToString();
    }

    private static int Int(string s, int fallback) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static double Dbl(string s, double fallback) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
