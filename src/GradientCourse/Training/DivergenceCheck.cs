namespace GradientCourse;

/// <summary>
/// Finds the first NaN or ±∞ of a training step, following the data: forward activations from the input side
/// (then the loss), then weight gradients, then weights after the update. Introduced in notebooks/04-exploding-gradients.ipynb.
/// </summary>
internal static class DivergenceCheck
{
    /// <summary>
    /// After the forward pass and the loss: the first block (from the input) whose outputs are non-finite
    /// (Quantity "activation"); else the loss itself (Layer null, Quantity "loss"); else null.
    /// A non-finite loss is thus traced back to the layer that produced it.
    /// </summary>
    public static Divergence? AfterForward(Mlp model, double loss, int step)
    {
        foreach (var block in model.Blocks)
        {
            foreach (var layer in block.Layers())
            {
                if (layer.Output is { } output && FirstNonFinite(output.Data) is { } value)
                {
                    return new Divergence(step, block.Index, "activation", value);
                }
            }
        }

        return double.IsFinite(loss) ? null : new Divergence(step, null, "loss", loss);
    }

    /// <summary>
    /// After backward: the first block whose parameter gradients contain NaN/±∞ (Quantity "weight gradient"), or whose
    /// gradient norm overflows although every element is finite (Quantity "weight gradient norm", Value +∞).
    /// </summary>
    public static Divergence? AfterBackward(Mlp model, int step)
    {
        foreach (var block in model.Blocks)
        {
            foreach (var layer in block.Layers())
            {
                foreach (var parameter in layer.Parameters)
                {
                    var squares = 0.0;
                    foreach (var g in parameter.Grad.Data)
                    {
                        if (!double.IsFinite(g))
                        {
                            return new Divergence(step, block.Index, "weight gradient", g);
                        }

                        squares += g * g;
                    }

                    if (!double.IsFinite(squares))
                    {
                        return new Divergence(step, block.Index, "weight gradient norm", squares);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>After the update: the first block whose parameters are non-finite (Quantity "weights").</summary>
    public static Divergence? AfterUpdate(Mlp model, int step) => FirstBlock(model, step, "weights", p => p.Value);

    /// <summary>The first element that is NaN or ±∞, or null.</summary>
    public static double? FirstNonFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return v;
            }
        }

        return null;
    }

    private static Divergence? FirstBlock(Mlp model, int step, string quantity, Func<Parameter, Matrix> select)
    {
        foreach (var block in model.Blocks)
        {
            foreach (var layer in block.Layers())
            {
                foreach (var parameter in layer.Parameters)
                {
                    if (FirstNonFinite(select(parameter).Data) is { } value)
                    {
                        return new Divergence(step, block.Index, quantity, value);
                    }
                }
            }
        }

        return null;
    }
}
