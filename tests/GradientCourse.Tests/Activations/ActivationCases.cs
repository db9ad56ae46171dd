using GradientCourse;

namespace GradientCourse.Tests.ActivationsTests;

/// <summary>Every activation under test, by a case name: each row of <see cref="Activations.Registry"/> with its default and variant parameters.</summary>
internal static class ActivationCases
{
    public static readonly IReadOnlyDictionary<string, Activation> ByCase =
        GradientCourse.Activations.Registry.SelectMany(r => r.Examples).ToDictionary(a => a.ToString(), a => a);

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

    /// <summary>
    /// The cases whose class writes its own span Forward or Derivative (vectorised): for the others the span forms are
    /// the base class's loop over the scalar form, equal by construction, so comparing them would test nothing.
    /// </summary>
    public static TheoryData<string> WithOwnSpanForms
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var (name, a) in ByCase)
            {
                if (OverridesSpanForm(a.GetType(), nameof(Activation.Forward)) || OverridesSpanForm(a.GetType(), nameof(Activation.Derivative)))
                {
                    data.Add(name);
                }
            }

            return data;
        }
    }

    private static bool OverridesSpanForm(Type type, string method) =>
        type.GetMethod(method, [typeof(ReadOnlySpan<double>), typeof(Span<double>)])!.DeclaringType != typeof(Activation);

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
