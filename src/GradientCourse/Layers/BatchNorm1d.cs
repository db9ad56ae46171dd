namespace GradientCourse;

/// <summary>
/// Batch normalization over the batch dimension, per feature: x̂ = (x − μ_B) / sqrt(σ²_B + ε), y = γ·x̂ + β.
/// Train mode normalizes with the batch's mean and (biased) variance and updates running statistics
/// (running = (1 − momentum)·running + momentum·batch, unbiased variance, as PyTorch does);
/// eval mode normalizes with the running statistics. Introduced in notebooks/07-batch-normalization.ipynb.
/// </summary>
public sealed class BatchNorm1d : ILayer, ICloneableLayer
{
    private Matrix? xHat;
    private Matrix? output;
    private Matrix? dX;
    private readonly double[] inverseStd;
    private bool lastWasTraining;

    /// <summary>A batch-norm layer for <paramref name="features"/> features, γ = 1, β = 0, running mean 0 and variance 1.</summary>
    public BatchNorm1d(int features, double epsilon = 1e-5, double momentum = 0.1, string name = "batchnorm")
    {
        if (features <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(features), features, "features must be positive: the number of units being normalized.");
        }

        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive (1e-5 is usual); it keeps the division finite.");
        }

        if (!(momentum > 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in (0, 1] (0.1 is usual).");
        }

        Name = name;
        Epsilon = epsilon;
        Momentum = momentum;
        Gamma = new Parameter(name + ".gamma", Matrix.Filled(1, features, 1.0));
        Beta = new Parameter(name + ".beta", new Matrix(1, features));
        RunningMean = new double[features];
        RunningVariance = Enumerable.Repeat(1.0, features).ToArray();
        inverseStd = new double[features];
        Parameters = [Gamma, Beta];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Number of features normalized.</summary>
    public int Features => Gamma.Value.Cols;

    /// <summary>ε added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Weight of the current batch in the running statistics.</summary>
    public double Momentum { get; }

    /// <summary>Learnable scale γ, 1 × features.</summary>
    public Parameter Gamma { get; }

    /// <summary>Learnable shift β, 1 × features.</summary>
    public Parameter Beta { get; }

    /// <summary>Running mean per feature, used in eval mode.</summary>
    public double[] RunningMean { get; }

    /// <summary>Running (unbiased) variance per feature, used in eval mode.</summary>
    public double[] RunningVariance { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc />
    public Matrix? Output => output;

    /// <inheritdoc />
    public Matrix Forward(Matrix x, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != Features)
        {
            throw new ArgumentException($"x has {x.Cols} features but '{Name}' normalizes {Features}; pass a batch of shape n × {Features}.", nameof(x));
        }

        if (training && x.Rows < 2)
        {
            throw new ArgumentException($"x has 1 row; batch normalization in train mode needs at least 2 examples per batch (use a batch size ≥ 2, or eval mode).", nameof(x));
        }

        var n = x.Rows;
        var f = Features;
        xHat = Matrix.Reuse(xHat, n, f);
        output = Matrix.Reuse(output, n, f);
        for (var c = 0; c < f; c++)
        {
            double mean, variance;
            if (training)
            {
                mean = 0;
                for (var r = 0; r < n; r++)
                {
                    mean += x.Data[(r * f) + c];
                }

                mean /= n;
                variance = 0;
                for (var r = 0; r < n; r++)
                {
                    var d = x.Data[(r * f) + c] - mean;
                    variance += d * d;
                }

                variance /= n;
                RunningMean[c] = ((1 - Momentum) * RunningMean[c]) + (Momentum * mean);
                RunningVariance[c] = ((1 - Momentum) * RunningVariance[c]) + (Momentum * variance * n / (n - 1));
            }
            else
            {
                mean = RunningMean[c];
                variance = RunningVariance[c];
            }

            var inv = 1.0 / Math.Sqrt(variance + Epsilon);
            inverseStd[c] = inv;
            var gamma = Gamma.Value.Data[c];
            var beta = Beta.Value.Data[c];
            for (var r = 0; r < n; r++)
            {
                var i = (r * f) + c;
                var h = (x.Data[i] - mean) * inv;
                xHat.Data[i] = h;
                output.Data[i] = (gamma * h) + beta;
            }
        }

        lastWasTraining = training;
        return output;
    }

    /// <inheritdoc />
    public Matrix Backward(Matrix dY)
    {
        ArgumentNullException.ThrowIfNull(dY);
        var h = xHat ?? throw new InvalidOperationException($"Call Forward on '{Name}' before Backward.");
        Matrix.RequireSameShape(h, dY, nameof(dY));
        var n = dY.Rows;
        var f = Features;
        dX = Matrix.Reuse(dX, n, f);
        for (var c = 0; c < f; c++)
        {
            double sumDy = 0, sumDyXHat = 0;
            for (var r = 0; r < n; r++)
            {
                var i = (r * f) + c;
                sumDy += dY.Data[i];
                sumDyXHat += dY.Data[i] * h.Data[i];
            }

            Gamma.Grad.Data[c] = sumDyXHat;
            Beta.Grad.Data[c] = sumDy;
            var gamma = Gamma.Value.Data[c];
            var inv = inverseStd[c];
            for (var r = 0; r < n; r++)
            {
                var i = (r * f) + c;
                dX.Data[i] = lastWasTraining
                    // dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)): the batch statistics depend on x too.
                    ? gamma * inv * (dY.Data[i] - (sumDy / n) - (h.Data[i] * sumDyXHat / n))
                    // eval: μ and σ are constants.
                    : gamma * inv * dY.Data[i];
            }
        }

        return dX;
    }

    /// <summary>A copy with the same γ, β, running statistics, ε, momentum and name, sharing no buffers.</summary>
    public ILayer Clone()
    {
        var copy = new BatchNorm1d(Features, Epsilon, Momentum, Name);
        Gamma.Value.CopyTo(copy.Gamma.Value);
        Beta.Value.CopyTo(copy.Beta.Value);
        RunningMean.CopyTo(copy.RunningMean, 0);
        RunningVariance.CopyTo(copy.RunningVariance, 0);
        return copy;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: BatchNorm1d({Features})";
}
