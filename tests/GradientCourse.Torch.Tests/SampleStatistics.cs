using GradientCourse;

namespace GradientCourse.Torch.Tests;

/// <summary>Moments of a sample: mean, variance, kurtosis (normal: 3, uniform: 1.8) and the largest |value|.</summary>
internal sealed record SampleStatistics(double Mean, double Variance, double Kurtosis, double MaxAbs)
{
    public static SampleStatistics Of(Matrix m)
    {
        var n = m.Length;
        var mean = m.Data.Average();
        double m2 = 0, m4 = 0, maxAbs = 0;
        foreach (var v in m.Data)
        {
            var d = v - mean;
            m2 += d * d;
            m4 += d * d * d * d;
            maxAbs = Math.Max(maxAbs, Math.Abs(v));
        }

        m2 /= n;
        m4 /= n;
        return new SampleStatistics(mean, m2, m4 / (m2 * m2), maxAbs);
    }
}
