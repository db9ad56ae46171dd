using GradientCourse.Kernels;

namespace GradientCourse;

/// <summary>
/// Fully connected layer y = x·W + b with W of shape fanIn × fanOut and b of 1 × fanOut.
/// Backward: dW = xᵀ·dY, db = Σ_rows dY, dX = dY·Wᵀ. Introduced in notebooks/01-chain-rule.ipynb.
/// </summary>
public sealed class Dense : ILayer, ICloneableLayer
{
    private Matrix? input;
    private Matrix? output;
    private Matrix? dX;
    private Matrix? outputGradient;

    /// <summary>A layer with weights drawn by <paramref name="initializer"/> and zero bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A fan is not positive, or fanIn × fanOut weights are more than one
    /// array can hold; the message names the layer and the sizes.</exception>
    public Dense(int fanIn, int fanOut, Initializer initializer, Random random, string name = "dense")
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(random);
        Initializer.RequireFans(fanIn, fanOut, name);
        Name = name;
        Weights = new Parameter(name + ".W", initializer.Sample(fanIn, fanOut, random));
        Bias = new Parameter(name + ".b", new Matrix(1, fanOut));
        Parameters = [Weights, Bias];
    }

    /// <summary>A layer with the given weights (fanIn × fanOut) and bias (1 × fanOut), copied.</summary>
    public Dense(Matrix weights, Matrix bias, string name = "dense")
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Rows != 1 || bias.Cols != weights.Cols)
        {
            throw new ArgumentException(
                $"bias has shape {bias.Shape} but weights {weights.Shape} need a bias of 1 × {weights.Cols}.", nameof(bias));
        }

        Name = name;
        Weights = new Parameter(name + ".W", weights.Clone());
        Bias = new Parameter(name + ".b", bias.Clone());
        Parameters = [Weights, Bias];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Number of inputs.</summary>
    public int FanIn => Weights.Value.Rows;

    /// <summary>Number of outputs (units).</summary>
    public int FanOut => Weights.Value.Cols;

    /// <summary>W, fanIn × fanOut.</summary>
    public Parameter Weights { get; }

    /// <summary>b, 1 × fanOut.</summary>
    public Parameter Bias { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc />
    public Matrix? Output => output;

    /// <inheritdoc />
    public Matrix Forward(Matrix x, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != FanIn)
        {
            throw new ArgumentException(
                $"x has {x.Cols} features but layer '{Name}' expects fanIn = {FanIn}; pass a batch of shape n × {FanIn}.", nameof(x));
        }

        input = x;
        output = Matrix.Reuse(output, x.Rows, FanOut);
        MatrixKernels.Multiply(x, Weights.Value, output);
        var b = Bias.Value.Data;
        for (var r = 0; r < output.Rows; r++)
        {
            VectorOps.AddInPlace(output.Row(r), b);
        }

        return output;
    }

    /// <inheritdoc />
    public Matrix Backward(Matrix dY)
    {
        ArgumentNullException.ThrowIfNull(dY);
        var x = input ?? throw new InvalidOperationException($"Call Forward on '{Name}' before Backward.");
        if (dY.Rows != x.Rows || dY.Cols != FanOut)
        {
            throw new ArgumentException($"dY has shape {dY.Shape} but layer '{Name}' produced {x.Rows} × {FanOut}.", nameof(dY));
        }

        outputGradient = dY;
        MatrixKernels.MultiplyTransposeA(x, dY, Weights.Grad);
        var db = Bias.Grad.Data;
        Array.Clear(db);
        for (var r = 0; r < dY.Rows; r++)
        {
            VectorOps.AddInPlace(db, dY.Row(r));
        }

        dX = Matrix.Reuse(dX, x.Rows, FanIn);
        MatrixKernels.MultiplyTransposeB(dY, Weights.Value, dX);
        return dX;
    }

    /// <summary>dL/dh of the last <see cref="Backward"/>: the gradient this layer received (not a copy; the layer above owns it).</summary>
    internal Matrix? OutputGradient => outputGradient;

    /// <summary>A copy with the same weights and bias and name, sharing no buffers.</summary>
    public ILayer Clone() => new Dense(Weights.Value, Bias.Value, Name);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: Dense({FanIn} → {FanOut})";
}
