namespace GradientCourse;

/// <summary>
/// PReLU with a learnable slope: y = x for x &gt; 0 and α·x otherwise, one α (a 1 × 1 parameter) shared by every unit.
/// Backward: dX = dY · (1 if x &gt; 0 else α), dα = Σ dY·min(0, x). Introduced in notebooks/06-relu-family.ipynb.
/// </summary>
public sealed class PReLULayer : ILayer, ICloneableLayer
{
    private Matrix? input;
    private Matrix? output;
    private Matrix? dX;

    /// <summary>A PReLU layer whose α starts at <paramref name="alpha"/> (0.25 as in He et al. 2015).</summary>
    public PReLULayer(double alpha = 0.25, string name = "prelu")
    {
        StableMath.RequireFinite(alpha, nameof(alpha), "pass the initial slope for negative inputs, e.g. 0.25.");
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Alpha = new Parameter(name + ".alpha", Matrix.Filled(1, 1, alpha));
        Parameters = [Alpha];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The learnable slope α for negative inputs, 1 × 1, shared by all units.</summary>
    public Parameter Alpha { get; }

    /// <summary>The current α as a fixed-slope <see cref="PReLU"/> activation (a snapshot, for charts).</summary>
    public PReLU Activation => new(Alpha.Value.Data[0]);

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The input x of the last Forward call.</summary>
    public Matrix? Input => input;

    /// <inheritdoc />
    public Matrix? Output => output;

    /// <inheritdoc />
    public Matrix Forward(Matrix x, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        input = x;
        output = Matrix.Reuse(output, x.Rows, x.Cols);
        var alpha = Alpha.Value.Data[0];
        for (var i = 0; i < x.Length; i++)
        {
            var v = x.Data[i];
            output.Data[i] = v > 0 ? v : alpha * v;
        }

        return output;
    }

    /// <inheritdoc />
    public Matrix Backward(Matrix dY)
    {
        ArgumentNullException.ThrowIfNull(dY);
        var x = input ?? throw new InvalidOperationException($"Call Forward on '{Name}' before Backward.");
        Matrix.RequireSameShape(x, dY, nameof(dY));
        dX = Matrix.Reuse(dX, x.Rows, x.Cols);
        var alpha = Alpha.Value.Data[0];
        var dAlpha = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var v = x.Data[i];
            if (v > 0)
            {
                dX.Data[i] = dY.Data[i];
            }
            else
            {
                dX.Data[i] = alpha * dY.Data[i];
                dAlpha += dY.Data[i] * v; // ∂y/∂α = min(0, x)
            }
        }

        Alpha.Grad.Data[0] = dAlpha;
        return dX;
    }

    /// <summary>A copy with the same α and name.</summary>
    public ILayer Clone() => new PReLULayer(Alpha.Value.Data[0], Name);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: PReLU(alpha={Alpha.Value.Data[0]})";
}
