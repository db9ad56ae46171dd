using GradientCourse;

namespace GradientCourse.Tests.Optimizers;

/// <summary>SGD, momentum and Adam: one and two steps against closed forms; validation of hyperparameters.</summary>
public class OptimizerTests
{
    private static readonly double[] W0 = [0.5, -1.0, 2.0];
    private static readonly double[] G1 = [0.1, -3.0, 1e-4];
    private static readonly double[] G2 = [-0.2, 1.0, 5e-4];

    private static Parameter NewParameter()
    {
        var p = new Parameter("w", new Matrix(1, 3, (double[])W0.Clone()));
        G1.CopyTo(p.Grad.Data, 0);
        return p;
    }

    [Fact]
    public void Sgd_OneStep_SubtractsLearningRateTimesGradient()
    {
        var p = NewParameter();
        new Sgd(0.1).Step([p]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(W0[i] - (0.1 * G1[i]), p.Value.Data[i], 15);
        }
    }

    [Fact]
    public void SgdMomentum_TwoSteps_MatchHandComputedVelocity()
    {
        const double lr = 0.1, mu = 0.9;
        var p = NewParameter();
        var opt = new SgdMomentum(lr, mu);
        opt.Step([p]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(W0[i] - (lr * G1[i]), p.Value.Data[i], 15); // v1 = −lr·g1
        }

        G2.CopyTo(p.Grad.Data, 0);
        opt.Step([p]);
        for (var i = 0; i < 3; i++)
        {
            var v1 = -lr * G1[i];
            var v2 = (mu * v1) - (lr * G2[i]);
            Assert.Equal(W0[i] + v1 + v2, p.Value.Data[i], 15);
            Assert.Equal(v2, opt.Velocity(p)[i], 15);
        }
    }

    [Fact]
    public void SgdMomentum_ZeroMomentum_EqualsPlainSgd()
    {
        var a = NewParameter();
        var b = NewParameter();
        var momentum = new SgdMomentum(0.05, 0);
        var sgd = new Sgd(0.05);
        for (var step = 0; step < 3; step++)
        {
            momentum.Step([a]);
            sgd.Step([b]);
        }

        Assert.Equal(b.Value.Data, a.Value.Data);
    }

    [Fact]
    public void Adam_FirstStep_MovesEachWeightByLearningRateTimesSignOfGradient()
    {
        const double lr = 0.01;
        var p = NewParameter();
        new Adam(lr).Step([p]);
        for (var i = 0; i < 3; i++)
        {
            // m̂ = g, v̂ = g²: the step is lr·g/(|g| + ε) ≈ lr·sign(g), whatever |g| (here 3 and 1e-4 alike).
            Assert.Equal(W0[i] - (lr * G1[i] / (Math.Abs(G1[i]) + 1e-8)), p.Value.Data[i], 15);
            Assert.Equal(lr, Math.Abs(p.Value.Data[i] - W0[i]), 2e-4 * lr); // off by ε/|g| at most
        }
    }

    [Fact]
    public void Adam_TwoSteps_MatchBiasCorrectedClosedForm()
    {
        const double lr = 0.01, b1 = 0.8, b2 = 0.99, eps = 1e-6;
        var p = NewParameter();
        var adam = new Adam(lr, b1, b2, eps);
        adam.Step([p]);
        G2.CopyTo(p.Grad.Data, 0);
        adam.Step([p]);
        Assert.Equal(2, adam.StepCount(p));
        for (var i = 0; i < 3; i++)
        {
            var w1 = W0[i] - (lr * G1[i] / (Math.Abs(G1[i]) + eps));
            var m2 = (b1 * (1 - b1) * G1[i]) + ((1 - b1) * G2[i]);
            var v2 = (b2 * (1 - b2) * G1[i] * G1[i]) + ((1 - b2) * G2[i] * G2[i]);
            var mHat = m2 / (1 - (b1 * b1));
            var vHat = v2 / (1 - (b2 * b2));
            Assert.Equal(w1 - (lr * mHat / (Math.Sqrt(vHat) + eps)), p.Value.Data[i], 14);
        }
    }

    [Fact]
    public void Adam_TwoParameters_KeepsSeparateState()
    {
        var a = NewParameter();
        var b = NewParameter();
        var adam = new Adam(0.01);
        adam.Step([a]);
        adam.Step([a, b]); // b's first step: bias correction with t = 1
        Assert.Equal(2, adam.StepCount(a));
        Assert.Equal(1, adam.StepCount(b));
        Assert.Equal(W0[0] - (0.01 * G1[0] / (Math.Abs(G1[0]) + 1e-8)), b.Value.Data[0], 15);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructors_NonPositiveLearningRate_ThrowNamingLearningRateAndFix(double lr)
    {
        foreach (var create in new Func<Optimizer>[] { () => new Sgd(lr), () => new SgdMomentum(lr), () => new Adam(lr) })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => create());
            Assert.Equal("learningRate", ex.ParamName);
            Assert.Contains("positive finite", ex.Message, StringComparison.Ordinal);
            Assert.Contains("good start", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void SgdMomentum_MomentumOutsideZeroToOne_ThrowsNamingMomentum(double mu)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SgdMomentum(0.1, mu));
        Assert.Equal("momentum", ex.ParamName);
        Assert.Contains("0.9 is usual", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 0.999, 1e-8, "beta1")]
    [InlineData(0.9, -0.1, 1e-8, "beta2")]
    [InlineData(0.9, 0.999, 0.0, "epsilon")]
    public void Adam_BadHyperparameter_ThrowsNamingIt(double beta1, double beta2, double epsilon, string param)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(1e-3, beta1, beta2, epsilon));
        Assert.Equal(param, ex.ParamName);
        Assert.Contains("is usual", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_AreTheDocumentedOnes()
    {
        Assert.Equal("momentum", new SgdMomentum(0.1).Name);
        Assert.Equal("adam", new Adam(0.1).Name);
    }
}
