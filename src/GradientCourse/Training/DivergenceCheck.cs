namespace GradientCourse;

/// <summary>
/// Finds the first NaN/±∞ after each phase of a training step, in data-flow order. Allocation-free on the happy path
/// (index loops, no iterators), vectorised scans.
/// </summary>
internal static class DivergenceCheck
{
    /// <summary>
    /// Block outputs from the input side, each named by what it is: the Dense output ("pre-activation", or "output"
    /// for a block without activation), the batch-norm output, the activation's output. Runs before the loss is
    /// evaluated, so a loss that validates its input (softmax, BCE) never sees a NaN.
    /// </summary>
    public static Divergence? AfterForward(Mlp model, int step)
    {
        var blocks = model.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            if (Output(block.Dense) is { } dense)
            {
                return new Divergence(step, block.Index, block.Activation is null && block.BatchNorm is null ? "output" : "pre-activation", dense);
            }

            if (Output(block.BatchNorm) is { } normed)
            {
                return new Divergence(step, block.Index, "batch-norm output", normed);
            }

            if (Output(block.Activation) is { } activation)
            {
                return new Divergence(step, block.Index, "activation", activation);
            }
        }

        return null;

        static double? Output(ILayer? layer) => layer?.Output is { } output ? FirstNonFinite(output.Data) : null;
    }

    /// <summary>The loss (Layer null), after every block output was found finite.</summary>
    public static Divergence? AfterLoss(double loss, int step) =>
        double.IsFinite(loss) ? null : new Divergence(step, null, "loss", loss);

    /// <summary>
    /// Each block's parameter gradients, input to output (the order of <see cref="Mlp.Parameters"/>, which the MLP
    /// builds by the same walk): a non-finite element, or finite elements whose squares overflow. One pass per
    /// gradient: Σ g² is NaN or ∞ exactly when one of those happened, and only then is the gradient scanned for the
    /// culprit. Leaves Σ g² of each parameter in <paramref name="squares"/> (the global norm and the telemetry reuse them).
    /// </summary>
    public static Divergence? AfterBackward(Mlp model, int step, Span<double> squares)
    {
        var blocks = model.Blocks;
        var k = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            if ((Gradients(block.Dense, block.Index, step, squares, ref k)
                ?? Gradients(block.BatchNorm, block.Index, step, squares, ref k)
                ?? Gradients(block.Activation, block.Index, step, squares, ref k)) is { } found)
            {
                return found;
            }
        }

        return null;

        static Divergence? Gradients(ILayer? layer, int index, int step, Span<double> squares, ref int k)
        {
            if (layer is null)
            {
                return null;
            }

            var parameters = layer.Parameters;
            for (var i = 0; i < parameters.Count; i++)
            {
                var g = parameters[i].Grad.Data;
                var sum = VectorOps.SumOfSquares(g);
                squares[k++] = sum;
                if (!double.IsFinite(sum))
                {
                    var bad = VectorOps.FirstNonFinite(g);
                    return bad >= 0
                        ? new Divergence(step, index, "weight gradient", g[bad])
                        : new Divergence(step, index, "weight gradient norm", sum);
                }
            }

            return null;
        }
    }

    /// <summary>Each block's parameter values after the optimizer step.</summary>
    public static Divergence? AfterUpdate(Mlp model, int step)
    {
        var blocks = model.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            if ((Values(block.Dense) ?? Values(block.BatchNorm) ?? Values(block.Activation)) is { } value)
            {
                return new Divergence(step, block.Index, "weights", value);
            }
        }

        return null;

        static double? Values(ILayer? layer)
        {
            if (layer is null)
            {
                return null;
            }

            var parameters = layer.Parameters;
            for (var i = 0; i < parameters.Count; i++)
            {
                if (FirstNonFinite(parameters[i].Value.Data) is { } value)
                {
                    return value;
                }
            }

            return null;
        }
    }

    /// <summary>The first NaN/±∞ in <paramref name="values"/>, or null.</summary>
    public static double? FirstNonFinite(ReadOnlySpan<double> values)
    {
        var i = VectorOps.FirstNonFinite(values);
        return i < 0 ? null : values[i];
    }
}
