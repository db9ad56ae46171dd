namespace GradientCourse;

/// <summary>
/// A minimal recurrent layer (Elman): h_t = tanh(x_t·Wx + h_{t−1}·Wh + b), h_0 = 0, with the SAME Wx, Wh, b at every
/// time step. Backward is backprop through time: dL/dh_t collects the loss's own gradient at t plus what flows back
/// from t + 1 through Whᵀ and tanh' (written from the output, 1 − h²). Introduced in notebooks/04-exploding-gradients.ipynb.
/// </summary>
public sealed class RecurrentLayer
{
    private readonly List<Matrix> inputs = [];
    private readonly List<Matrix> states = [];

    /// <summary>A layer with Wx (inputSize × hiddenSize) and Wh (hiddenSize × hiddenSize) drawn from the initializers, b = 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public RecurrentLayer(int inputSize, int hiddenSize, Initializer inputInitializer, Initializer recurrentInitializer, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentNullException.ThrowIfNull(inputInitializer);
        ArgumentNullException.ThrowIfNull(recurrentInitializer);
        ArgumentNullException.ThrowIfNull(random);
        InputWeights = new Parameter("rnn.Wx", inputInitializer.Sample(inputSize, hiddenSize, random));
        RecurrentWeights = new Parameter("rnn.Wh", recurrentInitializer.Sample(hiddenSize, hiddenSize, random));
        Bias = new Parameter("rnn.b", new Matrix(1, hiddenSize));
        Parameters = [InputWeights, RecurrentWeights, Bias];
    }

    /// <summary>Wx: input to hidden, shared by all time steps.</summary>
    public Parameter InputWeights { get; }

    /// <summary>Wh: hidden to hidden, shared by all time steps; its repeated product drives exploding/vanishing through time.</summary>
    public Parameter RecurrentWeights { get; }

    /// <summary>b, shared by all time steps.</summary>
    public Parameter Bias { get; }

    /// <summary>Wx, Wh, b.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Number of hidden units.</summary>
    public int HiddenSize => RecurrentWeights.Value.Rows;

    /// <summary>‖dL/dh_t‖ (Frobenius, over the batch) for t = 1..T from the last <see cref="Backward"/>: the gradient over time steps.</summary>
    public double[] StateGradientNorms { get; private set; } = [];

    /// <summary>Runs the sequence x_1..x_T (each batch × inputSize) and returns h_1..h_T (each batch × hiddenSize).</summary>
    /// <exception cref="ArgumentException">An empty sequence, or steps of different shapes.</exception>
    public IReadOnlyList<Matrix> Forward(IReadOnlyList<Matrix> xs)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count == 0)
        {
            throw new ArgumentException("Pass at least one time step.", nameof(xs));
        }

        inputs.Clear();
        states.Clear();
        var h = new Matrix(xs[0].Rows, HiddenSize);
        for (var t = 0; t < xs.Count; t++)
        {
            if (xs[t].Rows != xs[0].Rows || xs[t].Cols != InputWeights.Value.Rows)
            {
                throw new ArgumentException($"step {t} is {xs[t].Rows} × {xs[t].Cols}; every step must be {xs[0].Rows} × {InputWeights.Value.Rows}.", nameof(xs));
            }

            var z = Matrix.Multiply(xs[t], InputWeights.Value);
            var recurrent = Matrix.Multiply(h, RecurrentWeights.Value);
            var next = new Matrix(z.Rows, z.Cols);
            for (var r = 0; r < z.Rows; r++)
            {
                for (var c = 0; c < z.Cols; c++)
                {
                    next[r, c] = Math.Tanh(z[r, c] + recurrent[r, c] + Bias.Value[0, c]);
                }
            }

            inputs.Add(xs[t]);
            states.Add(next);
            h = next;
        }

        return states.ToArray();
    }

    /// <summary>
    /// Backprop through time. <paramref name="dHs"/>[t] is the loss's direct gradient with respect to h_{t+1} (null or
    /// zeros where the loss does not look at that step). Accumulates dWx, dWh, db (fill each <see cref="Parameter.Grad"/> with 0
    /// first to start fresh) and returns dL/dx_t for every step.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass yet.</exception>
    /// <exception cref="ArgumentException">dHs has a different length than the last forward sequence.</exception>
    public IReadOnlyList<Matrix> Backward(IReadOnlyList<Matrix?> dHs)
    {
        ArgumentNullException.ThrowIfNull(dHs);
        if (states.Count == 0)
        {
            throw new InvalidOperationException("Run Forward before Backward.");
        }

        if (dHs.Count != states.Count)
        {
            throw new ArgumentException($"dHs has {dHs.Count} steps but the last forward pass had {states.Count}.", nameof(dHs));
        }

        var steps = states.Count;
        var dXs = new Matrix[steps];
        var norms = new double[steps];
        var fromLater = new Matrix(states[0].Rows, HiddenSize);   // dL/dh_t that flows back from step t + 1
        for (var t = steps - 1; t >= 0; t--)
        {
            var dH = fromLater.Clone();
            if (dHs[t] is { } direct)
            {
                for (var i = 0; i < dH.Length; i++)
                {
                    dH.Data[i] += direct.Data[i];
                }
            }

            norms[t] = dH.FrobeniusNorm();

            // through tanh: dL/da = dL/dh ⊙ (1 − h²), from the output
            var dA = new Matrix(dH.Rows, dH.Cols);
            for (var i = 0; i < dA.Length; i++)
            {
                var h = states[t].Data[i];
                dA.Data[i] = dH.Data[i] * (1 - (h * h));
            }

            var previous = t > 0 ? states[t - 1] : new Matrix(dA.Rows, HiddenSize);
            Accumulate(InputWeights.Grad, Matrix.Multiply(inputs[t].Transpose(), dA));
            Accumulate(RecurrentWeights.Grad, Matrix.Multiply(previous.Transpose(), dA));
            for (var r = 0; r < dA.Rows; r++)
            {
                for (var c = 0; c < dA.Cols; c++)
                {
                    Bias.Grad[0, c] += dA[r, c];
                }
            }

            dXs[t] = Matrix.Multiply(dA, InputWeights.Value.Transpose());
            fromLater = Matrix.Multiply(dA, RecurrentWeights.Value.Transpose());
        }

        StateGradientNorms = norms;
        return dXs;
    }

    private static void Accumulate(Matrix target, Matrix add)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target.Data[i] += add.Data[i];
        }
    }
}
