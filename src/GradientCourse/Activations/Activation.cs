namespace GradientCourse;

/// <summary>
/// An element-wise activation f with its derivative f' side by side, in scalar and span forms.
/// Introduced in notebooks/02-activations-and-saturation.ipynb.
/// </summary>
public abstract class Activation
{
    /// <summary>Name used in legends and lookups, e.g. "sigmoid".</summary>
    public abstract string Name { get; }

    /// <summary>sup |f'(x)| where it is finite and known (sigmoid: 0.25, tanh: 1), otherwise null.</summary>
    public virtual double? MaxDerivative => null;

    /// <summary>True for squashing functions (sigmoid, tanh) whose units saturate: f' → 0 on both sides.</summary>
    public virtual bool Saturates => false;

    /// <summary>True when f is not smooth at x = 0 (f' or f'' jumps: the ReLU family, ELU, SELU): a finite difference must not straddle 0 there.</summary>
    public virtual bool HasKinkAtZero => false;

    /// <summary>
    /// The arguments of the <c>torch.nn</c> module named by this activation's <see cref="Activations.Registry"/> row, in
    /// torch's order (ELU: [α]); empty when the module takes none; null when these parameter values have no torch
    /// counterpart (Swish with β ≠ 1).
    /// </summary>
    public virtual IReadOnlyList<double>? TorchArguments => [];

    /// <summary>f(x).</summary>
    public abstract double Value(double x);

    /// <summary>f'(x), the local factor backprop multiplies in.</summary>
    public abstract double Derivative(double x);

    /// <summary>y[i] = f(x[i]).</summary>
    public virtual void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        RequireSameLength(x, y, nameof(y));
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = Value(x[i]);
        }
    }

    /// <summary>dydx[i] = f'(x[i]).</summary>
    public virtual void Derivative(ReadOnlySpan<double> x, Span<double> dydx)
    {
        RequireSameLength(x, dydx, nameof(dydx));
        for (var i = 0; i < x.Length; i++)
        {
            dydx[i] = Derivative(x[i]);
        }
    }

    /// <summary>
    /// Backward pass through f: dX[i] = dY[i] · f'(x[i]). <paramref name="y"/> = f(x) is passed too,
    /// so activations whose derivative is cheapest from the output (sigmoid, tanh) can use it.
    /// </summary>
    public virtual void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        RequireSameLength(x, y, nameof(y));
        RequireSameLength(x, dY, nameof(dY));
        RequireSameLength(x, dX, nameof(dX));
        for (var i = 0; i < x.Length; i++)
        {
            dX[i] = dY[i] * Derivative(x[i]);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Throws when two spans differ in length, naming the second.</summary>
    protected static void RequireSameLength(ReadOnlySpan<double> x, ReadOnlySpan<double> other, string name)
    {
        if (x.Length != other.Length)
        {
            throw new ArgumentException(
                $"{name} has length {other.Length} but x has length {x.Length}; pass spans of equal length.", name);
        }
    }
}
