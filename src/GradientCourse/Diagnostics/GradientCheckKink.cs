namespace GradientCourse;

/// <summary>
/// Why one element of a <see cref="GradientCheckEntry"/> may disagree: while that element was moved by ±ε, an input of
/// a kinked activation (ReLU, leaky ReLU, PReLU, RReLU, ELU, SELU: see <see cref="Activation.HasKinkAtZero"/>) changed
/// sign, so the loss is not smooth between the two evaluation points and the central difference averages two slopes.
/// </summary>
/// <param name="Element">The element of the entry (row-major index) whose perturbation crossed the kink.</param>
/// <param name="Layer">The 1-based block ("layer k") of the activation, counted from the input.</param>
/// <param name="LayerName">The activation layer's name, e.g. "relu2".</param>
/// <param name="Activation">The activation's type name, e.g. "ReLU".</param>
/// <param name="Row">The example (row) of the activation input that crossed 0.</param>
/// <param name="Column">The unit (column) of the activation input that crossed 0.</param>
/// <param name="Distance">How far that input was from 0 at the unperturbed point.</param>
public sealed record GradientCheckKink(int Element, int Layer, string LayerName, string Activation, int Row, int Column, double Distance);
