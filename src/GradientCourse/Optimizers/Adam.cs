namespace GradientCourse;

/// <summary>
/// Adam (Kingma &amp; Ba 2015), per parameter with step count t starting at 1:
/// m ← β₁m + (1 − β₁)dW, v ← β₂v + (1 − β₂)dW², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
/// W ← W − learningRate · m̂ / (sqrt(v̂) + ε). The first step moves each weight by about learningRate · sign(dW),
/// whatever the gradient's scale. State is kept per parameter, so one optimizer serves one model.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Dictionary<Parameter, State> states = new(ReferenceEqualityComparer.Instance);

    /// <summary>Adam with step size <paramref name="learningRate"/> (1e-3 is usual) and the paper's defaults.</summary>
    public Adam(double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(learningRate)
    {
        RequireDecay(beta1, nameof(beta1), "0.9");
        RequireDecay(beta2, nameof(beta2), "0.999");
        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(epsilon), epsilon, $"epsilon must be a positive finite number (1e-8 is usual); it keeps the division finite, got {epsilon}.");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β₁, decay of the first-moment (mean) estimate.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, decay of the second-moment (uncentered variance) estimate.</summary>
    public double Beta2 { get; }

    /// <summary>ε added to sqrt(v̂).</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override string Name => "adam";

    /// <summary>How many steps <paramref name="parameter"/> has taken (0 before the first).</summary>
    public int StepCount(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return states.TryGetValue(parameter, out var s) ? s.Step : 0;
    }

    /// <inheritdoc />
    public override void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            if (!states.TryGetValue(p, out var s))
            {
                s = new State(p.Value.Length);
                states[p] = s;
            }

            s.Step++;
            var correction1 = 1.0 - Math.Pow(Beta1, s.Step);
            var correction2 = 1.0 - Math.Pow(Beta2, s.Step);
            var w = p.Value.Data;
            var g = p.Grad.Data;
            for (var i = 0; i < w.Length; i++)
            {
                s.M[i] = (Beta1 * s.M[i]) + ((1.0 - Beta1) * g[i]);
                s.V[i] = (Beta2 * s.V[i]) + ((1.0 - Beta2) * g[i] * g[i]);
                var mHat = s.M[i] / correction1;
                var vHat = s.V[i] / correction2;
                w[i] -= LearningRate * mHat / (Math.Sqrt(vHat) + Epsilon);
            }
        }
    }

    /// <summary>Forgets every moment estimate and step count (as if newly created).</summary>
    public void Reset() => states.Clear();

    /// <inheritdoc />
    public override string ToString() => $"{Name}(learningRate={LearningRate}, beta1={Beta1}, beta2={Beta2}, epsilon={Epsilon})";

    private static void RequireDecay(double beta, string name, string usual)
    {
        if (!double.IsFinite(beta) || beta < 0 || beta >= 1)
        {
            throw new ArgumentOutOfRangeException(name, beta, $"{name} must be in [0, 1) ({usual} is usual), got {beta}.");
        }
    }

    private sealed class State(int length)
    {
        public double[] M { get; } = new double[length];

        public double[] V { get; } = new double[length];

        public int Step { get; set; }
    }
}
