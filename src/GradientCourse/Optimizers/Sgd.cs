using GradientCourse.Kernels;

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
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            VectorOps.SubtractScaled(p.Value.Data, p.Grad.Data, LearningRate);
        }
    }
}
