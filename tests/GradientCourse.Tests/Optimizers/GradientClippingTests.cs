using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientCourse;

namespace GradientCourse.Tests.Optimizers;

/// <summary>Clipping by global norm keeps the direction and caps the norm; clipping by value caps every element.</summary>
public class GradientClippingTests
{
    private static List<Parameter> Gradients(double[] values, int split)
    {
        // Two parameters, so the norm is global across tensors.
        split = Math.Clamp(split, 1, values.Length - 1);
        var a = new Parameter("a", new Matrix(1, split));
        var b = new Parameter("b", new Matrix(1, values.Length - split));
        values.AsSpan(0, split).CopyTo(a.Grad.Data);
        values.AsSpan(split).CopyTo(b.Grad.Data);
        return [a, b];
    }

    private static double[] Flatten(List<Parameter> ps) => ps.SelectMany(p => p.Grad.Data).ToArray();

    [Property(MaxTest = 300)]
    public Property ClipByGlobalNorm_AnyGradients_NormAtMostMaxAndDirectionKept(NormalFloat[] raw, PositiveInt split, PositiveInt maxNormTenths)
    {
        var values = raw.Select(v => v.Get).ToArray();
        // Keep Σ v² representable so the naive reference norm below is finite (huge gradients have their own tests).
        return Prop.When(values.Length >= 2 && values.Any(v => v != 0) && double.IsFinite(values.Sum(v => v * v)), () =>
        {
            var maxNorm = maxNormTenths.Get / 10.0;
            var ps = Gradients(values, split.Get);
            var before = Flatten(ps);
            var normBefore = Math.Sqrt(before.Sum(v => v * v));

            var reported = GradientClipping.ClipByGlobalNorm(ps, maxNorm);

            var after = Flatten(ps);
            var normAfter = GradientClipping.GlobalNorm(ps);
            TestData.Close(normBefore, reported, 1e-12, 0, "reported norm");
            Assert.True(normAfter <= maxNorm * (1 + 1e-12), $"norm {normAfter} > {maxNorm}");
            var cosine = before.Zip(after, (p, q) => p * q).Sum() / (normBefore * normAfter);
            Assert.True(Math.Abs(cosine - 1) < 1e-12, $"cosine {cosine}");
            if (normBefore <= maxNorm)
            {
                Assert.Equal(before, after); // under the threshold nothing changes
            }
            else
            {
                TestData.Close(maxNorm, normAfter, 1e-12);
            }
        });
    }

    [Property(MaxTest = 300)]
    public Property ClipByValue_AnyGradients_EveryElementWithinBoundsAndSmallOnesUntouched(NormalFloat[] raw, PositiveInt clipTenths)
    {
        var values = raw.Select(v => v.Get).ToArray();
        return Prop.When(values.Length >= 2, () =>
        {
            var clip = clipTenths.Get / 10.0;
            var ps = Gradients(values, 1);
            GradientClipping.ClipByValue(ps, clip);
            var after = Flatten(ps);
            for (var i = 0; i < values.Length; i++)
            {
                Assert.InRange(after[i], -clip, clip);
                if (Math.Abs(values[i]) <= clip)
                {
                    Assert.Equal(values[i], after[i]);
                }
            }
        });
    }

    [Fact]
    public void ClipByGlobalNorm_HandExample_ScalesThreeFourToOneUnit()
    {
        var ps = Gradients([3.0, 4.0], 1); // norm 5
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm(ps, 1.0));
        var after = Flatten(ps);
        Assert.Equal(0.6, after[0], 15);
        Assert.Equal(0.8, after[1], 15);
    }
}
