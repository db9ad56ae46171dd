namespace GradientCourse;

/// <summary>
/// An activation that behaves differently in training: there it draws random numbers per element (RReLU's slopes),
/// while <see cref="Activation.Value"/> and the span forms are its deterministic evaluation form.
/// <see cref="ActivationLayer"/> calls <see cref="ForwardTraining"/> when it runs with training = true.
/// </summary>
public interface IStochasticActivation
{
    /// <summary>
    /// Training forward pass: y[i] = f(x[i]) with fresh random draws from <paramref name="random"/>, and dydx[i] = the
    /// local derivative of that draw (what backprop multiplies in for this pass).
    /// </summary>
    void ForwardTraining(ReadOnlySpan<double> x, Span<double> y, Span<double> dydx, Random random);
}
