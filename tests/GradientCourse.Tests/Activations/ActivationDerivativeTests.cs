using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientCourse;

namespace GradientCourse.Tests.ActivationsTests;

/// <summary>Every activation's derivative against finite differences, and the span forms against the scalar ones.</summary>
public class ActivationDerivativeTests
{
    [Theory]
    [MemberData(nameof(ActivationCases.All), MemberType = typeof(ActivationCases))]
    public void Derivative_GridFromMinus30To30_MatchesFiniteDifferences(string name)
    {
        var a = ActivationCases.ByCase[name];
        for (var k = -3000; k <= 3000; k++)
        {
            var x = k * 0.01 + 0.003; // never exactly on 0; includes the saturated tails
            if (a.HasKinkAtZero && Math.Abs(x) < 0.005)
            {
                continue;
            }

            ActivationCases.AssertDerivativeMatches(a, x);
        }
    }

    [Property(MaxTest = 300)]
    public Property Derivative_RandomPointsInRange_MatchesFiniteDifferences(NormalFloat raw, PositiveInt which)
    {
        var x = Math.IEEERemainder(raw.Get, 60.0); // [−30, 30]
        var cases = ActivationCases.ByCase.Values.ToList();
        var a = cases[which.Get % cases.Count];
        var nearKink = a.HasKinkAtZero && Math.Abs(x) < 0.005;
        return Prop.When(!nearKink, () => ActivationCases.AssertDerivativeMatches(a, x));
    }

    [Theory]
    [MemberData(nameof(ActivationCases.All), MemberType = typeof(ActivationCases))]
    public void MaxDerivative_DenseGrid_BoundsEveryDerivativeAndIsApproached(string name)
    {
        var a = ActivationCases.ByCase[name];
        Assert.True(a.MaxDerivative is not null, $"{a} claims no sup |f'|; every course activation states the bound the depth argument multiplies.");
        var bound = a.MaxDerivative!.Value;

        var largest = 0.0;
        for (var k = -40000; k <= 40000; k++)
        {
            var x = k * 0.001;
            var d = Math.Abs(a.Derivative(x));
            Assert.True(d <= bound + 1e-12, $"{a}: |f'({x})| = {d} exceeds the claimed bound {bound}.");
            largest = Math.Max(largest, d);
        }

        Assert.True(largest >= bound - 0.01, $"{a}: the claimed bound {bound} is loose; the largest |f'| on the grid is {largest}.");
    }

    [Theory]
    [MemberData(nameof(ActivationCases.WithOwnSpanForms), MemberType = typeof(ActivationCases))]
    public void SpanForms_RandomInputs_EqualScalarForms(string name)
    {
        var a = ActivationCases.ByCase[name];
        var x = TestData.Gaussian(1, 257, seed: 11, scale: 6).Data;
        x[0] = -40;
        x[1] = 40;
        var y = new double[x.Length];
        var dydx = new double[x.Length];
        a.Forward(x, y);
        a.Derivative(x, dydx);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(a.Value(x[i]), y[i]);
            Assert.Equal(a.Derivative(x[i]), dydx[i]);
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCases.All), MemberType = typeof(ActivationCases))]
    public void SpanBackward_RandomInputs_EqualsUpstreamTimesDerivative(string name)
    {
        var a = ActivationCases.ByCase[name];
        var x = TestData.Gaussian(1, 257, seed: 12, scale: 6).Data;
        var dY = TestData.Gaussian(1, 257, seed: 13).Data;
        var y = new double[x.Length];
        var dX = new double[x.Length];
        a.Forward(x, y);
        a.Backward(x, y, dY, dX);
        for (var i = 0; i < x.Length; i++)
        {
            // Backward may use the output y instead of x (sigmoid: y(1 − y), tanh: 1 − y²), as autograd does: then it is
            // exact up to the rounding of y, an absolute error of a few ulps of 1 in the factor (1 − y) or (1 − y²).
            var outputRounding = a.Saturates ? 1e-15 * Math.Abs(dY[i]) : 1e-300;
            TestData.Close(dY[i] * a.Derivative(x[i]), dX[i], 1e-13, outputRounding, $"{a} backward at x = {x[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCases.All), MemberType = typeof(ActivationCases))]
    public void SpanBackward_LengthMismatch_ThrowsNamingTheSpan(string name)
    {
        var a = ActivationCases.ByCase[name];
        var ex = Assert.Throws<ArgumentException>(() => a.Backward(new double[3], new double[3], new double[2], new double[3]));
        Assert.Equal("dY", ex.ParamName);
        Assert.Contains("equal length", ex.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public bool SigmoidDerivative_AnyInput_IsAtMostOneQuarter(NormalFloat x) =>
        GradientCourse.Activations.Sigmoid.Derivative(x.Get) <= 0.25;

    [Property(MaxTest = 500)]
    public bool TanhDerivative_AnyInput_IsAtMostOne(NormalFloat x) =>
        GradientCourse.Activations.Tanh.Derivative(x.Get) <= 1.0;

    [Theory]
    [InlineData("sigmoid", true)]
    [InlineData("tanh", true)]
    [InlineData("relu", false)]
    [InlineData("leaky_relu", false)]
    [InlineData("prelu", false)]
    [InlineData("elu", false)]
    [InlineData("selu", false)]
    [InlineData("gelu", false)]
    [InlineData("swish", false)]
    [InlineData("mish", false)]
    [InlineData("softplus", false)]
    [InlineData("identity", false)]
    public void Saturates_EachActivation_TrueOnlyForSquashingFunctions(string name, bool expected) =>
        Assert.Equal(expected, GradientCourse.Activations.FromName(name).Saturates);
}
