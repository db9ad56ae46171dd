namespace GradientCourse;

/// <summary>Plain stochastic gradient descent: W ← W − learningRate · dW.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>SGD with step size <paramref name="learningRate"/>.</summary>
    public Sgd(double learningRate)
        : base(learningRate)
    {
    }

    /// <inheritdoc />
    public override string Name => "sgd";

    /// <inheritdoc />
    public override void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            var w = p.Value.Data;
            var g = p.Grad.Data;
            for (var i = 0; i < w.Length; i++)
            {
                w[i] -= LearningRate * g[i];
            }
        }
    }
}
