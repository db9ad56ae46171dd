namespace GradientCourse;

/// <summary>
/// SGD with (heavy-ball) momentum: v ← μ·v − learningRate·dW, then W ← W + v. The velocity v (zero at the start)
/// is kept per parameter, so one optimizer serves one model. Introduced in notebooks/04-exploding-gradients.ipynb.
/// </summary>
public sealed class SgdMomentum : Optimizer
{
    private readonly Dictionary<Parameter, double[]> velocity = new(ReferenceEqualityComparer.Instance);

    /// <summary>Momentum SGD with step size <paramref name="learningRate"/> and momentum μ in [0, 1) (0.9 by default).</summary>
    public SgdMomentum(double learningRate, double momentum = 0.9)
        : base(learningRate)
    {
        if (!double.IsFinite(momentum) || momentum < 0 || momentum >= 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(momentum), momentum, $"momentum must be in [0, 1) (0.9 is usual; 0 gives plain SGD), got {momentum}.");
        }

        Momentum = momentum;
    }

    /// <summary>μ, the fraction of the previous velocity kept at each step.</summary>
    public double Momentum { get; }

    /// <inheritdoc />
    public override string Name => "momentum";

    /// <summary>The velocity of <paramref name="parameter"/> (a copy), or zeros before its first step.</summary>
    public double[] Velocity(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return velocity.TryGetValue(parameter, out var v) ? (double[])v.Clone() : new double[parameter.Value.Length];
    }

    /// <inheritdoc />
    public override void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            if (!velocity.TryGetValue(p, out var v))
            {
                v = new double[p.Value.Length];
                velocity[p] = v;
            }

            var w = p.Value.Data;
            var g = p.Grad.Data;
            for (var i = 0; i < w.Length; i++)
            {
                v[i] = (Momentum * v[i]) - (LearningRate * g[i]);
                w[i] += v[i];
            }
        }
    }

    /// <summary>Forgets every velocity (as if newly created).</summary>
    public void Reset() => velocity.Clear();

    /// <inheritdoc />
    public override string ToString() => $"{Name}(learningRate={LearningRate}, momentum={Momentum})";
}
