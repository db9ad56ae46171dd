namespace GradientCourse;

/// <summary>Mean squared error L = (1/N) Σ (yHat − y)² over all N elements; dL/dyHat = 2(yHat − y)/N.</summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc />
    public override string Name => "mse";

    /// <inheritdoc />
    public override double Value(Matrix yHat, Matrix y)
    {
        RequireSameShape(yHat, y);
        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var d = yHat.Data[i] - y.Data[i];
            sum += d * d;
        }

        return sum / y.Length;
    }

    /// <inheritdoc />
    public override Matrix Gradient(Matrix yHat, Matrix y) => GradientInto(yHat, y, null);

    /// <inheritdoc />
    internal override Matrix GradientInto(Matrix yHat, Matrix y, Matrix? buffer)
    {
        RequireSameShape(yHat, y);
        var g = Matrix.Reuse(buffer, y.Rows, y.Cols);
        for (var i = 0; i < y.Length; i++)
        {
            g.Data[i] = 2.0 * (yHat.Data[i] - y.Data[i]) / y.Length;
        }

        return g;
    }
}
