using GradientCourse.Kernels;

namespace GradientCourse;

/// <summary>
/// Finds the first NaN/±∞ after each phase of a training step, in data-flow order. Allocation-free on the happy path
/// (index loops, no iterators), vectorised scans.
/// </summary>
internal static class DivergenceCheck
{
    /// <summary>
    /// Each layer's output from the input side, named by what it is: a Dense output is a "pre-activation" (or the
    /// "output" when it is the network's last layer), then "batch-norm output" and "activation". Runs before the loss
    /// is evaluated, so a loss that validates its input (softmax, BCE) never sees a NaN.
    /// </summary>
    public static Divergence? AfterForward(Mlp model, int step)
    {
        var layers = model.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].Output is { } output && FirstNonFinite(output.Data) is { } value)
            {
                var quantity = layers[i] switch
                {
                    Dense => i == layers.Count - 1 ? "output" : "pre-activation",
                    BatchNorm1d => "batch-norm output",
                    _ => "activation",
                };
                return new Divergence(step, model.BlockOf(i), quantity, value);
            }
        }

        return null;
    }

    /// <summary>The loss (Layer null), after every layer output was found finite.</summary>
    public static Divergence? AfterLoss(double loss, int step) =>
        double.IsFinite(loss) ? null : new Divergence(step, null, "loss", loss);

    /// <summary>
    /// Each layer's parameter gradients, input to output (the order of <see cref="Mlp.Parameters"/>, which the MLP
    /// builds by the same walk): a non-finite element, or finite elements whose squares overflow. One pass per
    /// gradient: Σ g² is NaN or ∞ exactly when one of those happened, and only then is the gradient scanned for the
    /// culprit. Leaves Σ g² of each parameter in <paramref name="squares"/> (the global norm and the telemetry reuse them).
    /// </summary>
    public static Divergence? AfterBackward(Mlp model, int step, Span<double> squares)
    {
        var layers = model.Layers;
        var k = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            var parameters = layers[i].Parameters;
            for (var j = 0; j < parameters.Count; j++)
            {
                var g = parameters[j].Grad.Data;
                var sum = VectorOps.SumOfSquares(g);
                squares[k++] = sum;
                if (!double.IsFinite(sum))
                {
                    var bad = VectorOps.FirstNonFinite(g);
                    return bad >= 0
                        ? new Divergence(step, model.BlockOf(i), "weight gradient", g[bad])
                        : new Divergence(step, model.BlockOf(i), "weight gradient norm", sum);
                }
            }
        }

        return null;
    }

    /// <summary>Each layer's parameter values after the optimizer step.</summary>
    public static Divergence? AfterUpdate(Mlp model, int step)
    {
        var layers = model.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            var parameters = layers[i].Parameters;
            for (var j = 0; j < parameters.Count; j++)
            {
                if (FirstNonFinite(parameters[j].Value.Data) is { } value)
                {
                    return new Divergence(step, model.BlockOf(i), "weights", value);
                }
            }
        }

        return null;
    }

    /// <summary>The first NaN/±∞ in <paramref name="values"/>, or null.</summary>
    public static double? FirstNonFinite(ReadOnlySpan<double> values)
    {
        var i = VectorOps.FirstNonFinite(values);
        return i < 0 ? null : values[i];
    }
}
