namespace GradientCourse;

/// <summary>
/// One row of <see cref="Activations.Registry"/>: an activation's lookup name, how to make it, its names in Keras and
/// PyTorch, and the parameter settings worth checking besides the defaults. Everything that lists activations
/// (lookup by name, <see cref="Activations.All"/>, the TorchSharp bridge, the tests) reads this table.
/// </summary>
/// <param name="Name">The lookup name, lower case, equal to <see cref="Activation.Name"/> of what <paramref name="Create"/> returns.</param>
/// <param name="Create">Makes the activation with its default parameters.</param>
/// <param name="KerasName">The name in <c>keras.activations</c> (or <c>keras.layers</c> for layer-only ones), or null when Keras has none.</param>
/// <param name="TorchName">
/// The <c>torch.nn</c> module that computes the same function, e.g. "ELU" for <c>torch.nn.ELU</c> (TorchSharp's
/// <c>torch.nn.ELU</c> has the same name and arguments; the arguments come from <see cref="Activation.TorchArguments"/>),
/// or null when PyTorch has none.
/// </param>
/// <param name="Aliases">Other names <see cref="Activations.FromName"/> accepts (e.g. "silu" for swish).</param>
/// <param name="Variants">Non-default parameter settings that tests check as well (e.g. ELU with α = 2.5).</param>
public sealed record ActivationInfo(
    string Name,
    Func<Activation> Create,
    string? KerasName,
    string? TorchName,
    IReadOnlyList<string>? Aliases = null,
    IReadOnlyList<Func<Activation>>? Variants = null)
{
    /// <summary>The names <see cref="Activations.FromName"/> accepts for this row: <see cref="Name"/>, then the aliases.</summary>
    public IReadOnlyList<string> Names => [Name, .. Aliases ?? []];

    /// <summary>The default activation, then one per non-default parameter setting of <see cref="Variants"/>.</summary>
    public IReadOnlyList<Activation> Examples => [Create(), .. (Variants ?? []).Select(v => v())];
}
