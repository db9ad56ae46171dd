using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>f (solid) and f' (dashed) of each activation on x ∈ [−5, 5], with guide lines at the derivative bounds 0.25 and 1.</summary>
    public static GenericChart ActivationCurves(params Activation[] activations) => ActivationCurves(activations, -5, 5);

    /// <summary>
    /// f (solid) and f' (dashed) of each activation on a shared grid of 201 points over [xMin, xMax]; with
    /// <paramref name="showBounds"/>, dotted guides at f' = 0.25 (sigmoid's maximum) and f' = 1 (tanh's and ReLU's).
    /// Introduced in notebooks/02-activations-and-saturation.ipynb.
    /// </summary>
    public static GenericChart ActivationCurves(IReadOnlyList<Activation> activations, double xMin, double xMax, bool showBounds = true)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.Count == 0)
        {
            throw new ArgumentException("Pass at least one activation, e.g. Charts.ActivationCurves(Activations.Sigmoid, Activations.Tanh).", nameof(activations));
        }

        if (!(xMin < xMax) || !double.IsFinite(xMin) || !double.IsFinite(xMax))
        {
            throw new ArgumentException($"The x range [{xMin}, {xMax}] is empty; pass finite xMin < xMax, e.g. −5 and 5.", nameof(xMax));
        }

        const int points = 201;
        var x = new double[points];
        for (var i = 0; i < points; i++)
        {
            x[i] = xMin + ((xMax - xMin) * i / (points - 1));
        }

        var traces = new List<GenericChart>();
        foreach (var activation in activations)
        {
            ArgumentNullException.ThrowIfNull(activation, nameof(activations));
            var f = new double[points];
            var df = new double[points];
            activation.Forward(x, f);
            activation.Derivative(x, df);
            traces.Add(CSharpChart.Line<double, double, string>(x: x, y: f, Name: activation.Name));
            traces.Add(CSharpChart.Line<double, double, string>(x: x, y: df, Name: activation.Name + "'", LineDash: StyleParam.DrawingStyle.Dash));
        }

        if (showBounds)
        {
            traces.Add(Guide("f' = 0.25 (max of sigmoid')", xMin, xMax, 0.25));
            traces.Add(Guide("f' = 1 (max of tanh', relu')", xMin, xMax, 1.0, StyleParam.DrawingStyle.DashDot, "black"));
        }

        return Style(
            CSharpChart.Combine(traces),
            "Activations f (solid) and their derivatives f' (dashed)",
            "x (pre-activation h)",
            "f(x), f'(x)");
    }
}
