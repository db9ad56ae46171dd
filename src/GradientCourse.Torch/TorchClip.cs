using TorchSharp;
using static TorchSharp.torch;

namespace GradientCourse.Torch;

/// <summary>TorchSharp's gradient clipping, for comparison with the library's <see cref="GradientClipping"/>.</summary>
public static class TorchClip
{
    /// <summary>
    /// torch.nn.utils.clip_grad_norm_ over every parameter of <paramref name="module"/>: if the global L2 norm of the
    /// gradients exceeds <paramref name="maxNorm"/>, scales them by maxNorm / norm. Returns the norm before clipping.
    /// </summary>
    public static double ClipGradNorm(nn.Module module, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"maxNorm must be a positive finite number (1.0 or 5.0 are common), got {maxNorm}.");
        }

        return nn.utils.clip_grad_norm_(module.parameters(), maxNorm);
    }

    /// <summary>Clips the gradients of <paramref name="model"/>'s module (see <see cref="ClipGradNorm(nn.Module, double)"/>).</summary>
    public static double ClipGradNorm(TorchMlp model, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ClipGradNorm(model.Module, maxNorm);
    }
}
