using GradientCourse;

namespace GradientCourse.Tests.ActivationsTests;

/// <summary>Every activation under test, by a case name (defaults plus non-default parameters).</summary>
internal static class ActivationCases
{
    public static readonly IReadOnlyDictionary<string, Activation> ByCase = new Dictionary<string, Activation>
    {
        ["sigmoid"] = GradientCourse.Activations.Sigmoid,
        ["tanh"] = GradientCourse.Activations.Tanh,
        ["relu"] = GradientCourse.Activations.ReLU,
        ["identity"] = GradientCourse.Activations.Identity,
        ["leaky_relu"] = GradientCourse.Activations.LeakyReLU(),
        ["leaky_relu(0.2)"] = GradientCourse.Activations.LeakyReLU(0.2),
        ["prelu"] = GradientCourse.Activations.PReLU(),
        ["prelu(-1.5)"] = GradientCourse.Activations.PReLU(-1.5),
        ["elu"] = GradientCourse.Activations.ELU(),
        ["elu(2.5)"] = GradientCourse.Activations.ELU(2.5),
        ["selu"] = GradientCourse.Activations.SELU,
        ["gelu"] = GradientCourse.Activations.GELU,
        ["swish"] = GradientCourse.Activations.Swish,
        ["swish(2)"] = new Swish(2.0),
        ["mish"] = GradientCourse.Activations.Mish,
        ["softplus"] = GradientCourse.Activations.Softplus,
    };

    /// <summary>Activations with a kink at 0 (finite differences must not straddle it).</summary>
    public static bool HasKinkAtZero(Activation a) => a is ReLU or LeakyReLU or PReLU or ELU or SELU;

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in ByCase.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>Five-point central difference (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h, truncation O(h⁴).</summary>
    public static double NumericalDerivative(Activation a, double x, double h = 1e-3) =>
        (-a.Value(x + (2 * h)) + (8 * a.Value(x + h)) - (8 * a.Value(x - h)) + a.Value(x - (2 * h))) / (12 * h);

    /// <summary>Asserts f'(x) matches the numerical derivative: |f' − fd| ≤ 1e-8·|f'| + 1e-11·(1 + |f(x)|) (round-off of f).</summary>
    public static void AssertDerivativeMatches(Activation a, double x)
    {
        var exact = a.Derivative(x);
        var numerical = NumericalDerivative(a, x);
        TestData.Close(numerical, exact, 1e-8, 1e-11 * (1 + Math.Abs(a.Value(x))), $"{a}'({x:R})");
    }
}
