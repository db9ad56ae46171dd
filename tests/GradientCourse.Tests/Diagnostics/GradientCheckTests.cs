using GradientCourse;

namespace GradientCourse.Tests.Diagnostics;

/// <summary>The gradient checker itself: it catches a wrong backward pass, and it leaves the model untouched.</summary>
public class GradientCheckTests
{
    /// <summary>y = w·x with one scalar weight, whose backward pass is wrong by a factor of <paramref name="bug"/>.</summary>
    private sealed class ScaleLayer(double bug) : ILayer
    {
        private Matrix? input;

        public Parameter W { get; } = new("scale.w", Matrix.Filled(1, 1, 1.7));

        public string Name => "scale";

        public IReadOnlyList<Parameter> Parameters => [W];

        public Matrix? Output { get; private set; }

        public Matrix Forward(Matrix x, bool training = true)
        {
            input = x;
            var y = x.Clone();
            for (var i = 0; i < y.Length; i++)
            {
                y.Data[i] *= W.Value.Data[0];
            }

            Output = y;
            return y;
        }

        public Matrix Backward(Matrix dY)
        {
            var dw = 0.0;
            var dX = dY.Clone();
            for (var i = 0; i < dY.Length; i++)
            {
                dw += dY.Data[i] * input!.Data[i];
                dX.Data[i] *= W.Value.Data[0];
            }

            W.Grad.Data[0] = bug * dw;
            return dX;
        }
    }

    [Fact]
    public void Run_CorrectBackward_PassesWithTinyError()
    {
        var report = GradientCheck.Run(new ScaleLayer(1.0), Losses.MeanSquaredError, TestData.Gaussian(4, 3, 1), TestData.Gaussian(4, 3, 2));
        Assert.True(report.Passes(), report.Format());
        Assert.Equal(["scale.w", GradientCheck.InputName], report.Entries.Select(e => e.ParameterName));
    }

    [Theory]
    [InlineData(1.01)]
    [InlineData(2.0)]
    [InlineData(-1.0)]
    public void Run_WrongBackward_ReportsLargeRelativeError(double bug)
    {
        var report = GradientCheck.Run(new ScaleLayer(bug), Losses.MeanSquaredError, TestData.Gaussian(4, 3, 1), TestData.Gaussian(4, 3, 2));
        Assert.False(report.Passes(), report.Format());
        var expected = Math.Abs(bug - 1) / (Math.Abs(bug) + 1); // |b·g − g| / (|b·g| + |g|)
        TestData.Close(expected, report.Entries[0].MaxRelativeError, 1e-6);
    }

    [Fact]
    public void Run_BatchNormMlpInTrainMode_LeavesWeightsStatisticsAndInputUnchanged()
    {
        var model = Mlp.Create(3, [5, 4], 2, Activations.Tanh, Initializers.GlorotNormal, seed: 3, batchNorm: true);
        var x = TestData.Gaussian(6, 3, 4);
        var y = TestData.Gaussian(6, 2, 5);
        model.Forward(x); // move the running statistics away from their initial values
        var weights = model.Parameters.Select(p => (double[])p.Value.Data.Clone()).ToList();
        var norms = model.Layers.OfType<BatchNorm1d>().ToList();
        var means = norms.Select(n => (double[])n.RunningMean.Clone()).ToList();
        var variances = norms.Select(n => (double[])n.RunningVariance.Clone()).ToList();
        var xBefore = (double[])x.Data.Clone();

        var report = GradientCheck.Run(model, Losses.MeanSquaredError, x, y);

        for (var k = 0; k < weights.Count; k++)
        {
            Assert.Equal(weights[k], model.Parameters[k].Value.Data); // bit for bit
        }

        for (var k = 0; k < norms.Count; k++)
        {
            Assert.Equal(means[k], norms[k].RunningMean);
            Assert.Equal(variances[k], norms[k].RunningVariance);
        }

        Assert.Equal(xBefore, x.Data);

        // The gradients left behind are the exact ones the report shows.
        for (var k = 0; k < weights.Count; k++)
        {
            Assert.Equal(report.Entries[k].Exact, model.Parameters[k].Grad.Data);
        }
    }

    [Fact]
    public void Format_SmallMlp_PrintsOneRowPerTensorWithHeader()
    {
        var model = Mlp.Create(3, [4], 2, Activations.Sigmoid, Initializers.GlorotUniform, seed: 1);
        var report = GradientCheck.Run(model, Losses.MeanSquaredError, TestData.Gaussian(5, 3, 1), TestData.Gaussian(5, 2, 2));
        var text = report.ToString();
        var lines = text.Split('\n');
        Assert.StartsWith("parameter", lines[0], StringComparison.Ordinal);
        foreach (var header in new[] { "exact", "approx", "maxdiff", "rel. error" })
        {
            Assert.Contains(header, lines[0], StringComparison.Ordinal);
        }

        foreach (var p in model.Parameters)
        {
            Assert.Contains(lines, l => l.StartsWith(p.Name, StringComparison.Ordinal));
        }

        Assert.Equal(model.Parameters.Count + 1, report.Entries.Count);
        Assert.Contains("max relative error", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReluInputWithinEpsilonOfKink_ExplainsFailureNamingEntryLayerAndFix()
    {
        var model = Mlp.Create(2, [3], 1, Activations.ReLU, Initializers.HeNormal, seed: 4);
        var x = TestData.Gaussian(4, 2, 1);
        var y = TestData.Gaussian(4, 1, 2);
        var dense1 = (Dense)model.Layers[0];

        // Put the pre-activation of example 0, unit 1 at 2e-7, well within ε = 1e-6 of ReLU's kink at 0.
        var z = dense1.Bias.Value.Data[1] + (x[0, 0] * dense1.Weights.Value[0, 1]) + (x[0, 1] * dense1.Weights.Value[1, 1]);
        dense1.Bias.Value.Data[1] += 2e-7 - z;
        var output = (Dense)model.Layers[2];
        output.Weights.Value.Data[1] = 1.5; // make sure unit 1 matters to the loss

        var report = GradientCheck.Run(model, Losses.MeanSquaredError, x, y);

        Assert.False(report.Passes(), report.Format());
        var bias = report.Entries.Single(e => e.ParameterName == "dense1.b");
        Assert.True(bias.Kinks.ContainsKey(1), report.Format());
        var kink = bias.Kinks[1];
        Assert.Equal((1, "relu1", "ReLU", 0, 1), (kink.Layer, kink.LayerName, kink.Activation, kink.Row, kink.Column));
        var explanation = Assert.Single(report.KinkExplanations(), l => l.StartsWith("entry dense1.b[1]", StringComparison.Ordinal));
        Assert.Contains("differs", explanation, StringComparison.Ordinal);
        Assert.Contains("because an input of layer 1 ('relu1', example 0, unit 1)", explanation, StringComparison.Ordinal);
        Assert.Contains("from ReLU's kink at 0", explanation, StringComparison.Ordinal);
        Assert.Contains("finite differences are not valid there", explanation, StringComparison.Ordinal);
        Assert.Contains("use another seed or a smaller ε", explanation, StringComparison.Ordinal);
        Assert.Contains(explanation, report.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReluLayerInputAtKink_ExplainsInputEntry()
    {
        var x = new Matrix(1, 3, [0.5, 3e-7, -0.8]);
        var report = GradientCheck.Run(new ActivationLayer(Activations.ReLU, "relu1"), Losses.MeanSquaredError, x, new Matrix(1, 3, [1.0, 1.0, 1.0]));

        Assert.False(report.Passes(), report.Format());
        var explanation = Assert.Single(report.KinkExplanations());
        Assert.StartsWith($"entry {GradientCheck.InputName}[1] differs", explanation, StringComparison.Ordinal);
        Assert.Contains("layer 1 ('relu1', example 0, unit 1) is 3.0e-07 from ReLU's kink at 0", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PassingReluMlp_HasNoKinkExplanation()
    {
        var model = Mlp.Create(3, [4], 2, Activations.ReLU, Initializers.HeNormal, seed: 1);
        var report = GradientCheck.Run(model, Losses.MeanSquaredError, TestData.Gaussian(5, 3, 1), TestData.Gaussian(5, 2, 2));

        Assert.True(report.Passes(), report.Format());
        Assert.Empty(report.KinkExplanations());
        Assert.DoesNotContain("kink", report.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeError_Definition_IsSymmetricBoundedAndFlooredForTinyGradients()
    {
        Assert.Equal(0.0, GradientCheckEntry.RelativeError(0, 0, 1e-3));
        Assert.Equal(1.0, GradientCheckEntry.RelativeError(1, -1, 1e-3));
        Assert.Equal(GradientCheckEntry.RelativeError(2, 3, 1e-3), GradientCheckEntry.RelativeError(3, 2, 1e-3));
        TestData.Close(0.2, GradientCheckEntry.RelativeError(2, 3, 1e-3), 1e-15);
        TestData.Close(1e-7, GradientCheckEntry.RelativeError(0, 1e-10, 1e-3), 1e-9); // below τ: |a − b| / τ
    }

    [Fact]
    public void RelativeErrorFloor_ScalesWithLossAndInverseEpsilon()
    {
        TestData.Close(1e-3, GradientCheck.RelativeErrorFloor(0.5, 1e-6), 1e-15);
        TestData.Close(4e-3, GradientCheck.RelativeErrorFloor(-4, 1e-6), 1e-15);
        TestData.Close(1e-5, GradientCheck.RelativeErrorFloor(1, 1e-4), 1e-15);
    }

    [Fact]
    public void Run_TinyButWrongGradient_StillFails()
    {
        // The true gradient is 1e-5 times smaller than usual, far below τ; a 2× error in it must still show.
        var layer = new ScaleLayer(2.0);
        var x = TestData.Gaussian(4, 3, 1, scale: 1e-5);
        var report = GradientCheck.Run(layer, Losses.MeanSquaredError, x, TestData.Gaussian(4, 3, 2));
        Assert.False(report.Passes(), report.Format());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-6)]
    [InlineData(double.NaN)]
    public void Run_NonPositiveEpsilon_ThrowsNamingEpsilon(double epsilon)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GradientCheck.Run(new ScaleLayer(1), Losses.MeanSquaredError, TestData.Gaussian(2, 2, 1), TestData.Gaussian(2, 2, 2), epsilon));
        Assert.Equal("epsilon", ex.ParamName);
        Assert.Contains("1e-6", ex.Message, StringComparison.Ordinal);
    }
}
