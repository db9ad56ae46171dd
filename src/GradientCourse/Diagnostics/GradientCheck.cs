namespace GradientCourse;

/// <summary>
/// Gradient checking: compares every gradient backprop computes with central differences
/// (L(w + ε) − L(w − ε)) / 2ε, perturbing one number at a time, for each parameter and for the input x.
/// The model is left as it was: weights restored exactly, batch-norm running statistics restored, and the
/// layers' caches and gradients those of one ordinary forward/backward pass at the original weights.
/// When a ±ε step moves an input of a kinked activation (ReLU-type, see <see cref="Activation.HasKinkAtZero"/>) across 0,
/// the element records it (<see cref="GradientCheckEntry.Kinks"/>) and a failure there is explained
/// (<see cref="GradientCheckReport.KinkExplanations"/>, and in the printed table) rather than left unexplained.
/// Introduced in notebooks/01-chain-rule.ipynb.
/// </summary>
public static class GradientCheck
{
    /// <summary>The name of the entry for the input x.</summary>
    public const string InputName = "x (input)";

    /// <summary>
    /// τ = 1e-9 · max(1, |L|) / ε, the denominator floor of the relative error (1e-3 for a loss near 1 and ε = 1e-6).
    /// Central differences in float64 carry round-off noise of about 2⁻⁵²·|L|/ε ≈ 2e-10·|L| at ε = 1e-6, so a relative
    /// error means nothing for gradients that small; below τ the error is |a − b| / τ, and a relative error under
    /// 1e-6 then means |a − b| &lt; 1e-15·max(1, |L|)/ε, a few round-off units of the difference quotient.
    /// </summary>
    public static double RelativeErrorFloor(double loss, double epsilon) => 1e-9 * Math.Max(1.0, Math.Abs(loss)) / epsilon;

    /// <summary>Checks every parameter of <paramref name="model"/> (and dL/dx) on the batch (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static GradientCheckReport Run(Mlp model, Loss loss, Matrix x, Matrix y, double epsilon = 1e-6, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Check(
            model.Parameters,
            model.Forward,
            model.Backward,
            model.Layers.OfType<BatchNorm1d>().ToList(),
            KinkedLayers(model.Layers),
            loss,
            x,
            y,
            epsilon,
            training);
    }

    /// <summary>Checks one layer on its own: the loss is applied directly to the layer's output.</summary>
    public static GradientCheckReport Run(ILayer layer, Loss loss, Matrix x, Matrix y, double epsilon = 1e-6, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Check(
            layer.Parameters,
            layer.Forward,
            layer.Backward,
            layer is BatchNorm1d bn ? [bn] : [],
            KinkedLayers([layer]),
            loss,
            x,
            y,
            epsilon,
            training);
    }

    private static GradientCheckReport Check(
        IReadOnlyList<Parameter> parameters,
        Func<Matrix, bool, Matrix> forward,
        Func<Matrix, Matrix> backward,
        List<BatchNorm1d> norms,
        List<KinkWatch> kinked,
        Loss loss,
        Matrix x,
        Matrix y,
        double epsilon,
        bool training)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must be a small positive number (1e-6 suits float64; 1e-4 to 1e-7 all work), got {epsilon}.");
        }

        // Train-mode batch norm updates its running statistics on every forward pass; keep a copy to restore.
        var saved = norms.Select(n => (Mean: (double[])n.RunningMean.Clone(), Variance: (double[])n.RunningVariance.Clone())).ToList();
        var input = x.Clone(); // perturbed in place below; the caller's x is never touched

        // Exact: one forward and backward pass.
        var yHat = forward(input, training);
        var l0 = loss.Value(yHat, y);
        var dX = backward(loss.Gradient(yHat, y));
        var exact = parameters.Select(p => (double[])p.Grad.Data.Clone()).ToList();
        var exactX = (double[])dX.Data.Clone();
        var baseline = kinked.Select(w => w.Input() is { } m ? (double[])m.Data.Clone() : []).ToList();

        double LossAt(Matrix at) => loss.Value(forward(at, training), y);

        // The first activation input (of a kinked activation) whose sign differs from the unperturbed pass, if any.
        (int Watch, int Index)? CrossedKink()
        {
            for (var w = 0; w < kinked.Count; w++)
            {
                var now = kinked[w].Input()?.Data;
                if (now is null || now.Length != baseline[w].Length)
                {
                    continue;
                }

                for (var j = 0; j < now.Length; j++)
                {
                    if (Math.Sign(now[j]) != Math.Sign(baseline[w][j]))
                    {
                        return (w, j);
                    }
                }
            }

            return null;
        }

        double[] Approximate(double[] values, Dictionary<int, GradientCheckKink> kinks)
        {
            var approx = new double[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                var plus = original + epsilon;
                var minus = original - epsilon;
                values[i] = plus;
                var lPlus = LossAt(input);
                var crossed = CrossedKink();
                values[i] = minus;
                var lMinus = LossAt(input);
                crossed ??= CrossedKink();
                values[i] = original;
                if (crossed is var (w, j))
                {
                    var cols = kinked[w].Input()!.Cols;
                    kinks[i] = new GradientCheckKink(i, kinked[w].Layer, kinked[w].Name, kinked[w].Activation, j / cols, j % cols, Math.Abs(baseline[w][j]));
                }

                // Divide by the step actually taken (plus − minus is exact in floating point, 2ε may not be).
                approx[i] = (lPlus - lMinus) / (plus - minus);
            }

            return approx;
        }

        var floor = RelativeErrorFloor(l0, epsilon);
        var entries = new List<GradientCheckEntry>();
        for (var k = 0; k < parameters.Count; k++)
        {
            var p = parameters[k];
            var kinks = new Dictionary<int, GradientCheckKink>();
            entries.Add(new GradientCheckEntry(p.Name, exact[k], Approximate(p.Value.Data, kinks), floor) { Kinks = kinks });
        }

        var inputKinks = new Dictionary<int, GradientCheckKink>();
        entries.Add(new GradientCheckEntry(InputName, exactX, Approximate(input.Data, inputKinks), floor) { Kinks = inputKinks });

        // Leave caches and gradients as one ordinary pass at the original point would, then undo the statistics drift.
        var final = forward(input, training);
        backward(loss.Gradient(final, y));
        for (var k = 0; k < norms.Count; k++)
        {
            saved[k].Mean.CopyTo(norms[k].RunningMean, 0);
            saved[k].Variance.CopyTo(norms[k].RunningVariance, 0);
        }

        return new GradientCheckReport(entries, l0, epsilon);
    }

    /// <summary>The layers with a kink at 0 (ReLU-type activations, PReLU layers), each with its block number ("layer k").</summary>
    private static List<KinkWatch> KinkedLayers(IReadOnlyList<ILayer> layers)
    {
        var watches = new List<KinkWatch>();
        var block = 0;
        foreach (var layer in layers)
        {
            if (layer is Dense)
            {
                block++;
            }

            var k = Math.Max(block, 1);
            if (layer is ActivationLayer { Activation.HasKinkAtZero: true } a)
            {
                watches.Add(new KinkWatch(k, a.Name, a.Activation.GetType().Name, () => a.Input));
            }
            else if (layer is PReLULayer p)
            {
                watches.Add(new KinkWatch(k, p.Name, nameof(PReLU), () => p.Input));
            }
        }

        return watches;
    }

    private sealed record KinkWatch(int Layer, string Name, string Activation, Func<Matrix?> Input);
}
