using System.Globalization;
using GradientCourse;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every number the prose of notebooks/03-vanishing-gradients.ipynb states, recomputed with the library (same data,
/// sizes, seeds, options) and checked, so the text cannot drift from the code.
/// </summary>
public class Notebook03ClaimsTests
{
    private static readonly Dataset Data = Datasets.Regression1D(n: 256, seed: 0);

    private static readonly TrainerOptions Options = new() { Epochs = 13, BatchSize = 32, MaxSteps = 100 };

    private static readonly Lazy<Experiment> Sigmoid = new(() => Experiment.Of(Activations.Sigmoid));

    private static readonly Lazy<Experiment> Tanh = new(() => Experiment.Of(Activations.Tanh));

    private static readonly Lazy<GradientMapResult> Map = new(() => GradientMap.Compute(
        depths: Enumerable.Range(1, 15).Select(i => 2 * i).ToArray(),
        activations: [Activations.Sigmoid, Activations.Tanh, Activations.ReLU],
        initializers: [Initializers.GlorotUniform, Initializers.HeNormal],
        width: 16, seed: 0, seedCount: 3, batchSize: 32));

    private static double VarianceY
    {
        get
        {
            var mean = Data.Y.Mean();
            return Data.Y.Data.Select(v => (v - mean) * (v - mean)).Average();
        }
    }

    [Fact]
    public void Sigmoid_AtInitialization_FirstToLast2_9eMinus13_AverageFactor0_22()
    {
        var ratio = Sigmoid.Value.InitRatio;

        Assert.Equal("2.9e-13", Format(ratio, "0.0e+00"));
        Assert.Equal("0.22", Format(Math.Pow(ratio, 1.0 / 19), "0.00"));
        Assert.True(Math.Pow(ratio, 1.0 / 19) < 0.25);
    }

    [Fact]
    public void Sigmoid_Training_Layer1NormStaysBetween3_0And5_4eMinus13_MoreThanTenDecadesBelowLayer20()
    {
        var norms = Sigmoid.Value.Run.LayerSeries(l => l.WeightGradNorm);

        Assert.Equal(100, Sigmoid.Value.Run.StepCount);
        Assert.Equal("3.0e-13", Format(norms[0].Min(), "0.0e+00"));
        Assert.Equal("5.4e-13", Format(norms[0].Max(), "0.0e+00"));
        Assert.True(norms[^1].Min() / norms[0].Max() > 1e10, "the heatmap's rows span more than ten orders of magnitude");
    }

    [Fact]
    public void Sigmoid_Training_Layer1Moved3_1eMinus12_OutputLayer1_3eMinus1()
    {
        Assert.Equal("3.1e-12", Format(Sigmoid.Value.RelativeChange(1), "0.0e+00"));
        Assert.Equal("1.3e-01", Format(Sigmoid.Value.RelativeChange(20), "0.0e+00"));
    }

    [Fact]
    public void Sigmoid_Training_LossEqualsVarianceOfYToThreeDecimals()
    {
        Assert.Equal("0.5141", Format(VarianceY, "0.0000"));
        Assert.True(Math.Abs(Sigmoid.Value.Loss - VarianceY) < 5e-4, $"loss {Sigmoid.Value.Loss} vs variance {VarianceY}");
        Assert.Equal(Format(VarianceY, "0.000"), Format(Sigmoid.Value.Loss, "0.000"));
    }

    [Fact]
    public void Tanh_AtInitialization_Ratio0_51_LayerNormsWithinFactor2_9_TwelveDecadesAboveSigmoid()
    {
        var tanh = Tanh.Value;
        var norms = tanh.Init.LayersAt(0).Select(l => l.WeightGradNorm).ToArray();

        Assert.Equal("0.51", Format(tanh.InitRatio, "0.00"));
        Assert.Equal("2.9", Format(norms.Max() / norms.Min(), "0.0"));
        Assert.Equal(12, (int)Math.Floor(Math.Log10(tanh.InitRatio / Sigmoid.Value.InitRatio)));
    }

    [Fact]
    public void Tanh_Training_Loss0_0761_FarBelowVarianceOfY()
    {
        Assert.Equal("0.0761", Format(Tanh.Value.Loss, "0.0000"));
        Assert.True(Tanh.Value.Loss < VarianceY / 5);
    }

    [Fact]
    public void Tanh_LateTraining_FirstToLast0_07_AboutOneDecade_Layer1StillMoves()
    {
        var tanh = Tanh.Value;
        var late = tanh.Run.LayerSeries(l => l.WeightGradNorm).Select(steps => steps[^20..].Average()).ToArray();
        var ratio = late[0] / late[^1];

        Assert.Equal("0.07", Format(ratio, "0.00"));
        var early = tanh.Run.LayerSeries(l => l.WeightGradNorm).Select(steps => steps[..5].Average()).ToArray();
        Assert.True(early[0] / early[^1] > 2 * ratio, $"the heatmap's bottom rows darken: early ratio {early[0] / early[^1]}, late {ratio}");
        Assert.InRange(Math.Log10(ratio), -1.5, -0.5);
        var changes = Enumerable.Range(1, 20).Select(tanh.RelativeChange).Order().ToArray();
        Assert.True(tanh.RelativeChange(1) >= changes[10], $"layer 1 moved {tanh.RelativeChange(1)}, the median layer {changes[10]}");
        Assert.Equal("1.5e-01", Format(tanh.RelativeChange(1), "0.0e+00"));
        Assert.Equal("2.2e-01", Format(tanh.RelativeChange(20), "0.0e+00"));
    }

    [Fact]
    public void Map_SigmoidRowsFallAtEveryColumn()
    {
        foreach (var init in new[] { "glorot_uniform", "he_normal" })
        {
            var row = Map.Value.Row("sigmoid", init).Log10Ratio;
            for (var i = 1; i < row.Count; i++)
            {
                Assert.True(row[i] < row[i - 1], $"sigmoid · {init}: depth {Map.Value.Depths[i]} is not below depth {Map.Value.Depths[i - 1]}");
            }
        }
    }

    [Fact]
    public void Map_SigmoidSlopes_Glorot0_64_He0_51_Bound0_60DecadesPerLayer()
    {
        var map = Map.Value;
        double Slope(GradientMapRow row) => (row.Log10Ratio[^1] - row.Log10Ratio[0]) / (map.Depths[^1] - map.Depths[0]);

        Assert.Equal("-0.64", Format(Slope(map.Row("sigmoid", "glorot_uniform")), "0.00"));
        Assert.Equal("-0.51", Format(Slope(map.Row("sigmoid", "he_normal")), "0.00"));
        Assert.Equal("-0.60", Format(Math.Log10(0.25), "0.00"));
    }

    [Fact]
    public void Map_AtDepth30_GlorotEndsBelowTheBound_HeAbove()
    {
        var bound = GradientMap.DerivativeBound(Activations.Sigmoid, 30);

        Assert.True(Map.Value.Ratio("sigmoid", "glorot_uniform", 30) < bound);
        Assert.True(Map.Value.Ratio("sigmoid", "he_normal", 30) > bound);
    }

    [Fact]
    public void Map_TanhAndReluRows_AbsLog10RatioAtMost0_5AtEveryDepth()
    {
        foreach (var row in Map.Value.Rows.Where(r => r.Activation != "sigmoid"))
        {
            Assert.True(Math.Round(row.Log10Ratio.Max(Math.Abs), 1) <= 0.5, $"{row.Label}: {row.Log10Ratio.Max(Math.Abs)}");
        }

        Assert.Equal("3.2", Format(Math.Pow(10, 0.5), "0.0"));
    }

    [Fact]
    public void Map_SigmoidGlorotAtDepth20_About13Decades()
    {
        // Exercise 03.3's explanation quotes the map's depth-20 cell rounded to whole decades.
        var decades = -Map.Value.Row("sigmoid", "glorot_uniform").Log10Ratio[Map.Value.IndexOf(20)];

        Assert.Equal("13", Format(decades, "0"));
    }

    [Fact]
    public void Exercise03_1_BoundForTwelveLayers()
    {
        Assert.Equal(11 * Math.Log10(0.25), Math.Log10(GradientMap.DerivativeBound(Activations.Sigmoid, 12)), 1e-12);
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The notebook's experiment for one activation: the one-step run at initialization, then 100 steps of training.</summary>
    private sealed record Experiment(TrainingRun Init, TrainingRun Run, Mlp Start, Mlp Trained, double Loss)
    {
        public double InitRatio => Init.LayersAt(0)[0].WeightGradNorm / Init.LayersAt(0)[^1].WeightGradNorm;

        public static Experiment Of(Activation f)
        {
            var init = Trainer.Train(MakeNet(f), Data.X, Data.Y, Losses.MeanSquaredError, 0.1, new TrainerOptions { BatchSize = 256, MaxSteps = 1 });
            var net = MakeNet(f);
            var start = net.Clone();
            var run = Trainer.Train(net, Data.X, Data.Y, Losses.MeanSquaredError, 0.1, Options);
            return new Experiment(init, run, start, net, Trainer.Evaluate(net, Data.X, Data.Y, Losses.MeanSquaredError));
        }

        /// <summary>‖W_after − W_before‖ / ‖W_before‖ of one layer (1 = input side).</summary>
        public double RelativeChange(int layer)
        {
            var w0 = Start.Blocks[layer - 1].Dense.Weights.Value;
            var w1 = Trained.Blocks[layer - 1].Dense.Weights.Value;
            var delta = new Matrix(w0.Rows, w0.Cols, w1.Data.Zip(w0.Data, (a, b) => a - b).ToArray());
            return delta.FrobeniusNorm() / w0.FrobeniusNorm();
        }

        private static Mlp MakeNet(Activation f) =>
            Mlp.Create(1, Enumerable.Repeat(16, 19).ToArray(), 1, f, Initializers.GlorotUniform, seed: 0);
    }
}
