using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;
using CSharpStyle = Plotly.NET.CSharp.GenericChartExtensions;

namespace GradientCourse;

public static partial class Charts
{
    /// <summary>
    /// Fraction of dead units (f' = 0 for every example) after training, against the learning rate (log x axis), one line
    /// per network depth; deadFraction[d, r] belongs to depths[d] and learningRates[r]. The y axis is fixed to [0, 1] so
    /// that runs without dead units sit visibly on the floor. Introduced in notebooks/06-relu-family.ipynb.
    /// </summary>
    /// <exception cref="ArgumentException">The grid is empty, its shape disagrees with the axes, a learning rate is not
    /// positive, or a fraction lies outside [0, 1].</exception>
    public static GenericChart DeadUnits(IReadOnlyList<int> depths, IReadOnlyList<double> learningRates, double[,] deadFraction, string label)
    {
        ArgumentNullException.ThrowIfNull(depths);
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(deadFraction);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (depths.Count == 0 || learningRates.Count == 0)
        {
            throw new ArgumentException("Pass at least one depth and one learning rate.", depths.Count == 0 ? nameof(depths) : nameof(learningRates));
        }

        if (deadFraction.GetLength(0) != depths.Count || deadFraction.GetLength(1) != learningRates.Count)
        {
            throw new ArgumentException(
                $"deadFraction is {deadFraction.GetLength(0)} × {deadFraction.GetLength(1)} but there are {depths.Count} depths and {learningRates.Count} learning rates; index it [depth, learning rate].",
                nameof(deadFraction));
        }

        if (learningRates.Any(r => !(r > 0) || !double.IsFinite(r)))
        {
            throw new ArgumentException("Every learning rate must be positive and finite: the x axis is logarithmic.", nameof(learningRates));
        }

        var traces = new List<GenericChart>();
        for (var d = 0; d < depths.Count; d++)
        {
            var fractions = new double[learningRates.Count];
            for (var r = 0; r < fractions.Length; r++)
            {
                var v = deadFraction[d, r];
                if (!(v >= 0 && v <= 1))
                {
                    throw new ArgumentException($"deadFraction[{d}, {r}] is {v}; a fraction of units must lie in [0, 1].", nameof(deadFraction));
                }

                fractions[r] = v;
            }

            traces.Add(CSharpChart.Line<double, double, string>(x: learningRates, y: fractions, Name: $"{depths[d]} hidden layers", ShowMarkers: true));
        }

        var chart = Style(
            CSharpChart.Combine(traces),
            $"Dead units after training: {label}",
            "learning rate (log scale)",
            "fraction of hidden units dead (0 to 1)",
            logX: true);
        return CSharpStyle.WithYAxisStyle<double, double, string>(chart, MinMax: Tuple.Create(-0.02, 1.02));
    }
}
