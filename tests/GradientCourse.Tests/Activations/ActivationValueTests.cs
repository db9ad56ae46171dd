using GradientCourse;

namespace GradientCourse.Tests.ActivationsTests;

/// <summary>Closed-form values, the constants of SELU, and stability in the tails.</summary>
public class ActivationValueTests
{
    [Theory]
    [InlineData("sigmoid", 0.0, 0.5)]
    [InlineData("sigmoid", 2.0, 0.8807970779778823)]
    [InlineData("tanh", 0.5, 0.46211715726000974)]
    [InlineData("relu", -1.5, 0.0)]
    [InlineData("relu", 2.5, 2.5)]
    [InlineData("leaky_relu", -2.0, -0.02)]
    [InlineData("leaky_relu", 3.0, 3.0)]
    [InlineData("prelu", -2.0, -0.5)]
    [InlineData("elu", -1.0, -0.6321205588285577)]
    [InlineData("elu", 1e-10, 1e-10)]
    [InlineData("elu", -1e-10, -9.9999999995e-11)]
    [InlineData("selu", 1.0, 1.0507009873554805)]
    [InlineData("gelu", 1.0, 0.8413447460685429)]
    [InlineData("gelu", -1.0, -0.15865525393145707)]
    [InlineData("gelu", -6.0, -5.919525870226207e-09)]
    [InlineData("swish", 1.0, 0.7310585786300049)]
    [InlineData("mish", 1.0, 0.8650983882673103)]
    [InlineData("softplus", 0.0, 0.6931471805599453)]
    [InlineData("softplus", 1.0, 1.3132616875182228)]
    [InlineData("softplus", -40.0, 4.248354255291589e-18)]
    [InlineData("softplus", 800.0, 800.0)]
    public void Value_KnownPoint_MatchesClosedForm(string name, double x, double expected) =>
        TestData.Close(expected, GradientCourse.Activations.FromName(name).Value(x), 2e-15, 0, $"{name}({x})");

    [Theory]
    [InlineData("sigmoid", 0.0, 0.25)]
    [InlineData("tanh", 0.0, 1.0)]
    [InlineData("relu", 3.0, 1.0)]
    [InlineData("relu", -3.0, 0.0)]
    [InlineData("leaky_relu", -3.0, 0.01)]
    [InlineData("leaky_relu", 3.0, 1.0)]
    [InlineData("elu", -2.0, 0.1353352832366127)]
    [InlineData("selu", 2.0, 1.0507009873554805)]
    [InlineData("gelu", 0.0, 0.5)]
    [InlineData("swish", 0.0, 0.5)]
    [InlineData("mish", 0.0, 0.6)]
    [InlineData("softplus", 0.0, 0.5)]
    public void Derivative_KnownPoint_MatchesClosedForm(string name, double x, double expected) =>
        TestData.Close(expected, GradientCourse.Activations.FromName(name).Derivative(x), 1e-14, 0, $"{name}'({x})");

    [Fact]
    public void Selu_Constants_SolveTheSelfNormalizingFixedPoint()
    {
        // λ and α are defined (Klambauer et al. 2017, eq. 14) by: for z ~ N(0, 1), E[selu(z)] = 0 and E[selu(z)²] = 1.
        // Simpson's rule on [−12, 12] with 0 on a panel boundary (f' jumps there); the tails beyond add < 1e-30.
        var selu = GradientCourse.Activations.SELU;
        const int Intervals = 24_000;
        var h = 24.0 / Intervals;
        double mean = 0, second = 0;
        for (var i = 0; i <= Intervals; i++)
        {
            var z = -12 + (i * h);
            var weight = (i == 0 || i == Intervals ? 1 : i % 2 == 1 ? 4 : 2) * h / 3 * StableNormalPdf(z);
            var y = selu.Value(z);
            mean += weight * y;
            second += weight * y * y;
        }

        Assert.True(Math.Abs(mean) < 1e-9, $"E[selu(z)] = {mean:E3}, should be 0");
        Assert.True(Math.Abs(second - 1) < 1e-9, $"E[selu(z)²] = {second:R}, should be 1");

        static double StableNormalPdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
    }

    [Fact]
    public void Selu_LargeNegativeInput_ApproachesMinusLambdaAlpha()
    {
        var selu = GradientCourse.Activations.SELU;
        TestData.Close(-SELU.Lambda * SELU.Alpha, selu.Value(-50), 1e-15);
        Assert.True(selu.Derivative(-50) < 1e-20);
    }

    [Fact]
    public void Sigmoid_DerivativeAtZero_IsTheMaximumQuarter()
    {
        var sigmoid = GradientCourse.Activations.Sigmoid;
        Assert.Equal(0.25, sigmoid.Derivative(0));
        Assert.Equal(0.25, sigmoid.MaxDerivative);
        Assert.True(sigmoid.Derivative(1e-3) < 0.25 && sigmoid.Derivative(-1e-3) < 0.25);
    }

    [Fact]
    public void FiveSigmoidLayers_SteepestSlopeOfTheComposition_IsBelowOneThousandth()
    {
        // d/dx σ(σ(σ(σ(σ(x))))) by central differences on a dense grid: the chain rule multiplies five factors ≤ 0.25
        var sigmoid = GradientCourse.Activations.Sigmoid;
        double Composed(double x) => sigmoid.Value(sigmoid.Value(sigmoid.Value(sigmoid.Value(sigmoid.Value(x)))));
        var steepest = 0.0;
        for (var k = -20_000; k <= 20_000; k++)
        {
            var x = k * 1e-3;
            steepest = Math.Max(steepest, Math.Abs(Composed(x + 1e-5) - Composed(x - 1e-5)) / 2e-5);
        }

        Assert.True(steepest < 0.001, $"steepest slope {steepest:E3}");
        Assert.True(steepest > 0.0005, $"steepest slope {steepest:E3}: the composition should not be flat either");
    }

    [Fact]
    public void Gelu_MaxDerivative_IsAtSquareRootOfTwo()
    {
        var gelu = GradientCourse.Activations.GELU;
        TestData.Close(1.128904145185155, gelu.MaxDerivative!.Value, 1e-14);
        TestData.Close(gelu.MaxDerivative.Value, gelu.Derivative(Math.Sqrt(2)), 1e-15);
    }

    [Theory]
    [InlineData(-745.0)]
    [InlineData(-40.0)]
    [InlineData(40.0)]
    [InlineData(745.0)]
    public void SmoothActivations_ExtremeInputs_StayFinite(double x)
    {
        foreach (var a in GradientCourse.Activations.All)
        {
            Assert.True(double.IsFinite(a.Value(x)), $"{a}({x}) = {a.Value(x)}");
            Assert.True(double.IsFinite(a.Derivative(x)), $"{a}'({x}) = {a.Derivative(x)}");
        }
    }

    [Theory]
    [InlineData("elu", -40.0, 4.248354255291589e-18)]
    [InlineData("selu", -40.0, 7.46902881591429e-18)]
    [InlineData("softplus", -40.0, 4.248354255291589e-18)]
    [InlineData("gelu", -8.0, -3.979607261086796e-14)]
    public void Derivative_SaturatedTail_KeepsFullRelativePrecision(string name, double x, double expected)
    {
        var a = GradientCourse.Activations.FromName(name);
        var dY = new double[] { 1.0 };
        var dX = new double[1];
        var y = new double[] { a.Value(x) };
        a.Backward([x], y, dY, dX);
        TestData.Close(expected, a.Derivative(x), 1e-13, 0, $"{name}'({x})");
        TestData.Close(expected, dX[0], 1e-13, 0, $"{name} backward at {x}");
    }

    [Theory]
    [InlineData("sigmoid", 40.0, 4.248354255291589e-18)]   // e^−40/(1 + e^−40)²: 1 − σ(40) rounds to 0
    [InlineData("sigmoid", -40.0, 4.248354255291589e-18)]
    [InlineData("tanh", 20.0, 1.6993417021166355e-17)]     // 1/cosh²(20) ≈ 4e^−40: 1 − tanh²(20) rounds to 0
    [InlineData("tanh", -20.0, 1.6993417021166355e-17)]
    public void Derivative_SquashingFunctionTail_IsComputedFromInputNotRoundedOutput(string name, double x, double expected) =>
        TestData.Close(expected, GradientCourse.Activations.FromName(name).Derivative(x), 1e-13, 0, $"{name}'({x})");

    [Theory]
    [InlineData(1.0, 0.7310585786300049)]
    [InlineData(-2.0, -0.2384058440442351)]
    [InlineData(0.5, 0.3112296656009273)]
    [InlineData(5.0, 4.966535745378576)]
    public void SiLU_KnownPoints_EqualXOverOnePlusExpMinusX(double x, double expected) =>
        TestData.Close(expected, GradientCourse.Activations.SiLU.Value(x), 1e-15, 0, $"silu({x})");
}
