namespace GradientCourse;

/// <summary>Updates parameters from their gradients. Stateful optimizers keep their state per parameter.</summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer with step size <paramref name="learningRate"/>.</summary>
    protected Optimizer(double learningRate)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"learningRate must be a positive finite number (0.01–0.1 is a good start for SGD), got {learningRate}.");
        }

        LearningRate = learningRate;
    }

    /// <summary>The step size.</summary>
    public double LearningRate { get; }

    /// <summary>Name used in legends, e.g. "sgd".</summary>
    public abstract string Name { get; }

    /// <summary>Applies one update to every parameter from its current gradient.</summary>
    public abstract void Step(IReadOnlyList<Parameter> parameters);

    /// <inheritdoc />
    public override string ToString() => $"{Name}(learningRate={LearningRate})";
}
