using GradientCourse;

namespace GradientCourse.Torch.Tests;

public class TorchClipTests
{
    [Fact]
    public void ClipGradNorm_ReturnsLibraryGlobalNorm_AndClippedGradientsAgree()
    {
        var mlp = Fixtures.Model("tanh", batchNorm: true);
        using var torchMlp = new TorchMlp(mlp);
        var x = TestData.Gaussian(16, 5, seed: 61);
        var y = TestData.Gaussian(16, 3, seed: 62);
        torchMlp.Gradients(x, y);
        mlp.Backward(Losses.MeanSquaredError.Gradient(mlp.Forward(x), y));
        var unclipped = mlp.Parameters.ToDictionary(p => p.Name, p => p.Grad.Clone());

        var norm = GradientClipping.GlobalNorm(mlp.Parameters);
        var maxNorm = norm / 4;
        var torchNorm = TorchClip.ClipGradNorm(torchMlp, maxNorm);
        var libraryNorm = GradientClipping.ClipByGlobalNorm(mlp.Parameters, maxNorm);

        Assert.Equal(norm, torchNorm, 1e-12);
        Assert.Equal(norm, libraryNorm, 1e-12);

        // torch scales by maxNorm / (norm + 1e-6) (an ε against division by zero); the library by maxNorm / norm.
        // So the clipped gradients agree to about 1e-6 / norm relative, and exactly once that ε is accounted for.
        var torchClipped = torchMlp.CurrentGradients();
        var torchScale = maxNorm / (norm + 1e-6);
        foreach (var p in mlp.Parameters)
        {
            Assert.True(p.Grad.MaxAbsDifference(torchClipped[p.Name]) < 2e-6 * maxNorm / norm, $"{p.Name}: clipped gradients differ");
            var expected = unclipped[p.Name].Clone();
            for (var i = 0; i < expected.Length; i++)
            {
                expected.Data[i] *= torchScale;
            }

            Assert.True(expected.MaxAbsDifference(torchClipped[p.Name]) < 1e-12 * norm, $"{p.Name}: torch's clip factor is not maxNorm/(norm + 1e-6)");
        }

        Assert.Equal(maxNorm, GradientClipping.GlobalNorm(mlp.Parameters), 1e-12);
    }

    [Fact]
    public void ClipGradNorm_BelowMaxNorm_LeavesGradientsAlone()
    {
        var mlp = Fixtures.Model("sigmoid", batchNorm: false);
        using var torchMlp = new TorchMlp(mlp);
        var grads = torchMlp.Gradients(TestData.Gaussian(8, 5, seed: 71), TestData.Gaussian(8, 3, seed: 72));
        var norm = TorchClip.ClipGradNorm(torchMlp.Module, 1e6);
        var after = torchMlp.CurrentGradients();
        Assert.True(norm > 0);
        foreach (var (name, g) in grads)
        {
            Assert.Equal(g.Data, after[name].Data);
        }
    }
}
