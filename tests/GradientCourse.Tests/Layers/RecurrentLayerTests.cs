using GradientCourse;

namespace GradientCourse.Tests.Layers;

public class RecurrentLayerTests
{
    [Fact]
    public void Backward_ThroughTime_MatchesCentralFiniteDifferencesForEveryParameterAndInput()
    {
        // L = Σ_t Σ c_t ⊙ h_t with fixed random c_t: every step's state feeds the loss, so all BPTT paths are exercised.
        var random = Seeds.Create(7);
        var layer = new RecurrentLayer(3, 4, Initializers.Normal(0.5), Initializers.Normal(0.6), random);
        var xs = Enumerable.Range(0, 6).Select(_ => Initializers.Normal(1.0).Sample(2, 3, random)).ToArray();
        var cs = Enumerable.Range(0, 6).Select(_ => Initializers.Normal(1.0).Sample(2, 4, random)).ToArray();
        double Loss() => layer.Forward(xs).Select((h, t) => h.Data.Zip(cs[t].Data, (a, b) => a * b).Sum()).Sum();

        layer.Forward(xs);
        foreach (var p in layer.Parameters)
        {
            p.Grad.Fill(0);
        }

        var dXs = layer.Backward(cs);

        const double step = 1e-6;
        foreach (var p in layer.Parameters)
        {
            for (var i = 0; i < p.Value.Length; i++)
            {
                Assert.Equal(CentralDifference(p.Value.Data, i), p.Grad.Data[i], 1e-7);
            }
        }

        for (var t = 0; t < xs.Length; t++)
        {
            for (var i = 0; i < xs[t].Length; i++)
            {
                Assert.Equal(CentralDifference(xs[t].Data, i), dXs[t].Data[i], 1e-7);
            }
        }

        double CentralDifference(double[] values, int i)
        {
            var saved = values[i];
            values[i] = saved + step;
            var up = Loss();
            values[i] = saved - step;
            var down = Loss();
            values[i] = saved;
            return (up - down) / (2 * step);
        }
    }

    [Fact]
    public void Backward_LossOnLastStepOnly_StateGradientNormsGrowBackInTimeWithLargeRecurrentWeights()
    {
        // Wh with entries N(0, (2/√8)²): gain ≈ 2 per step, far above 1, while tanh stays near its linear region.
        var random = Seeds.Create(3);
        var layer = new RecurrentLayer(1, 8, Initializers.Normal(0.01), Initializers.Normal(2.0 / Math.Sqrt(8)), random);
        var xs = Enumerable.Range(0, 20).Select(_ => Initializers.Normal(0.01).Sample(4, 1, random)).ToArray();
        var hs = layer.Forward(xs);
        var dHs = new Matrix?[20];
        dHs[^1] = Matrix.Filled(4, 8, 1.0);

        layer.Backward(dHs);

        var norms = layer.StateGradientNorms;
        Assert.True(norms[0] > 100 * norms[^1], $"‖dL/dh_1‖ = {norms[0]}, ‖dL/dh_20‖ = {norms[^1]}");
        Assert.All(hs, h => Assert.True(h.Data.All(double.IsFinite)));
    }

    [Fact]
    public void Backward_WrongNumberOfSteps_Throws()
    {
        var layer = new RecurrentLayer(1, 2, Initializers.Normal(1.0), Initializers.Normal(1.0), Seeds.Create(0));
        layer.Forward([new Matrix(1, 1), new Matrix(1, 1)]);

        Assert.Throws<ArgumentException>(() => layer.Backward([null]));
    }
}
