namespace GradientCourse;

/// <summary>
/// One block of an <see cref="Xray.Scan"/>: what the forward pass did to the signal and what the backward pass did to
/// the gradient, at this layer. "Spread" is the standard deviation across the examples of the batch, per unit, averaged
/// over units: how different the examples still look to this layer (0 = every example gives the same value).
/// </summary>
/// <param name="Layer">Block index, 1 = first hidden layer (input side).</param>
/// <param name="DenseOutputSpread">Spread of the Dense output h = a·W + b (the batch-norm input when there is one).</param>
/// <param name="ActivationInputSpread">Spread of what the activation receives: the batch-norm output, else h.</param>
/// <param name="ActivationSpread">Spread of the block's output (after its activation).</param>
/// <param name="ActivationStd">Std of the block's output over all (example, unit) entries, as the trainer's telemetry.</param>
/// <param name="MeanDerivative">Mean of f'(input) over (example, unit): the average factor the activation multiplies into the gradient; NaN without activation.</param>
/// <param name="SaturatedFraction">Share of (example, unit) with f' below the threshold, for saturating activations (sigmoid, tanh); 0 otherwise.</param>
/// <param name="BatchNormGain">Mean over features of γ / √(σ²_B + ε): the factor batch norm's division by the batch std multiplies into the gradient; NaN without batch norm.</param>
/// <param name="WeightGradNorm">‖dW‖ (Frobenius) of the block's Dense weights for the scanned batch.</param>
public sealed record XrayLayer(
    int Layer,
    double DenseOutputSpread,
    double ActivationInputSpread,
    double ActivationSpread,
    double ActivationStd,
    double MeanDerivative,
    double SaturatedFraction,
    double BatchNormGain,
    double WeightGradNorm);

/// <summary>The per-layer result of <see cref="Xray.Scan"/>, input side first.</summary>
/// <param name="Layers">One entry per block.</param>
/// <param name="Loss">The loss of the scanned batch.</param>
public sealed record XrayReport(IReadOnlyList<XrayLayer> Layers, double Loss)
{
    /// <summary>A per-layer quantity as an array, input side first, e.g. <c>report.Series(l =&gt; l.ActivationSpread)</c>.</summary>
    public double[] Series(Func<XrayLayer, double> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Layers.Select(selector).ToArray();
    }
}

/// <summary>
/// The whole gradient X-ray of a model on one batch, forward and backward, without touching the model: a clone is
/// run forward (training mode by default, so batch norm uses the batch's statistics, as in a training step), the loss
/// gradient is sent back, and every block is measured. Introduced in notebooks/03-vanishing-gradients.ipynb
/// (forward collapse) and notebooks/07-batch-normalization.ipynb (what batch norm changes).
/// </summary>
public static class Xray
{
    /// <summary>
    /// Scans <paramref name="model"/> on (x, y): per block the spread across examples of the Dense output, of the
    /// activation's input and of its output, the mean local derivative f', the saturated share, batch norm's backward
    /// gain γ/σ_B, and ‖dW‖. The model itself (weights, gradients, running statistics) is left unchanged.
    /// </summary>
    /// <param name="model">The network to scan.</param>
    /// <param name="x">A batch of inputs (at least two rows, to measure a spread).</param>
    /// <param name="y">Targets for the loss gradient.</param>
    /// <param name="loss">The loss whose gradient is sent back.</param>
    /// <param name="training">Forward in training mode (default; batch norm uses batch statistics) or eval mode.</param>
    /// <param name="saturationThreshold">f' below this counts as saturated (default 0.01, the trainer's).</param>
    /// <exception cref="ArgumentException">x and y do not fit the model, contain NaN/∞, or x has fewer than two rows.</exception>
    public static XrayReport Scan(Mlp model, Matrix x, Matrix y, Loss loss, bool training = true, double saturationThreshold = 0.01)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Trainer.RequireData(model, x, y);
        if (x.Rows < 2)
        {
            throw new ArgumentException($"x has {x.Rows} row; pass at least two examples so that a spread across examples exists.", nameof(x));
        }

        var clone = model.Clone();
        var yHat = clone.Forward(x, training);
        var lossValue = loss.Value(yHat, y);
        clone.Backward(loss.Gradient(yHat, y));

        var layers = new XrayLayer[clone.Depth];
        for (var b = 0; b < clone.Depth; b++)
        {
            var block = clone.Blocks[b];
            var h = block.Dense.Output!;
            var activationInput = block.BatchNorm?.Output ?? h;
            var output = block.Output;
            var meanDerivative = double.NaN;
            var saturated = 0.0;
            if (block.Activation is { } activationLayer)
            {
                var derivative = new double[activationInput.Length];
                activationLayer.Activation.Derivative(activationInput.Data, derivative);
                meanDerivative = derivative.Average();
                if (activationLayer.Activation.Saturates)
                {
                    saturated = (double)derivative.Count(d => d < saturationThreshold) / derivative.Length;
                }
            }

            var gain = double.NaN;
            if (block.BatchNorm is { } batchNorm)
            {
                var sum = 0.0;
                for (var c = 0; c < h.Cols; c++)
                {
                    var variance = training ? ColumnVariance(h, c) : batchNorm.RunningVariance[c];
                    sum += batchNorm.Gamma.Value.Data[c] / Math.Sqrt(variance + batchNorm.Epsilon);
                }

                gain = sum / h.Cols;
            }

            layers[b] = new XrayLayer(
                block.Index,
                Spread(h),
                Spread(activationInput),
                Spread(output),
                SpanStatistics.MeanAndStd(output.Data).Std,
                meanDerivative,
                saturated,
                gain,
                block.Dense.Weights.Grad.FrobeniusNorm());
        }

        return new XrayReport(layers, lossValue);
    }

    /// <summary>
    /// Karpathy's first check of a run: the loss of <paramref name="model"/> as it is now (call it before training)
    /// against the loss of an output of 0 everywhere, computed with the same <paramref name="loss"/> — mean of y² for
    /// MSE, ln K for softmax cross-entropy (uniform over K classes), ln 2 for binary cross-entropy on logits. The model
    /// is left unchanged (a clone runs the training-mode forward pass a first step would run).
    /// Introduced in notebooks/03-vanishing-gradients.ipynb.
    /// </summary>
    /// <exception cref="ArgumentException">x and y do not fit the model or contain NaN/∞.</exception>
    public static InitialLossCheck CheckInitialLoss(Mlp model, Matrix x, Matrix y, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Trainer.RequireData(model, x, y);
        var yHat = model.Clone().Forward(x, training: x.Rows > 1);
        var measured = loss.Value(yHat, y);
        var offset = 0.0;
        for (var c = 0; c < y.Cols; c++)
        {
            var difference = 0.0;
            for (var r = 0; r < y.Rows; r++)
            {
                difference += yHat[r, c] - y[r, c];
            }

            offset += Math.Abs(difference / y.Rows);
        }

        offset /= y.Cols;
        var expected = loss.Value(new Matrix(y.Rows, y.Cols), y);
        var baseline = loss switch
        {
            SoftmaxCrossEntropy => $"uniform probabilities over the {y.Cols} classes (ln {y.Cols})",
            BinaryCrossEntropyWithLogits => "a probability of 1/2 for every label (ln 2)",
            MeanSquaredError => "an output of 0 everywhere (the mean of y²)",
            _ => "an output of 0 everywhere",
        };
        return new InitialLossCheck(loss.Name, measured, expected, baseline) { OffsetDominates = offset > Spread(yHat) };
    }

    /// <summary>Std across rows (examples) of each column (unit), averaged over columns.</summary>
    public static double Spread(Matrix values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sum = 0.0;
        for (var c = 0; c < values.Cols; c++)
        {
            sum += Math.Sqrt(ColumnVariance(values, c));
        }

        return sum / values.Cols;
    }

    /// <summary>Population variance of one column (two passes).</summary>
    private static double ColumnVariance(Matrix m, int c)
    {
        var mean = 0.0;
        for (var r = 0; r < m.Rows; r++)
        {
            mean += m[r, c];
        }

        mean /= m.Rows;
        var squares = 0.0;
        for (var r = 0; r < m.Rows; r++)
        {
            var d = m[r, c] - mean;
            squares += d * d;
        }

        return squares / m.Rows;
    }
}
