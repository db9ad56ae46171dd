using TorchSharp;

namespace GradientCourse.Torch;

/// <summary>Seeding for TorchSharp's global random generator (what nn.init and torch.randn draw from).</summary>
public static class TorchSeeds
{
    /// <summary>Calls torch.random.manual_seed(<paramref name="seed"/>): the same seed gives the same torch samples.</summary>
    public static void Manual(long seed) => torch.random.manual_seed(seed).Dispose();
}
