namespace GradientCourse;

/// <summary>
/// Numerically stable building blocks shared by activations and losses: log(1 + x), e^x − 1, softplus,
/// the logistic function and the standard normal CDF, each accurate to a few ulps where the naive formula
/// loses digits (x near 0) or overflows (|x| large).
/// </summary>
internal static class StableMath
{
    /// <summary>1/sqrt(2π), the peak of the standard normal density.</summary>
    public const double InverseSqrtTwoPi = 0.3989422804014327;

    /// <summary>log(1 + x), accurate for tiny x (Goldberg's trick: the rounding of 1 + x cancels out).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        if (double.IsPositiveInfinity(u))
        {
            return u;
        }

        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>e^x − 1, accurate for tiny x (Kahan's trick).</summary>
    public static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }

    /// <summary>softplus(x) = ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|): no overflow for large x, no lost digits for very negative x.</summary>
    public static double Softplus(double x) => Math.Max(x, 0.0) + Log1P(Math.Exp(-Math.Abs(x)));

    /// <summary>σ(x) = 1 / (1 + e^−x), evaluated on the side where the exponential cannot overflow.</summary>
    public static double Logistic(double x)
    {
        if (x >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        var e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>Φ(x) = ½·erfc(−x/√2), the standard normal CDF (erfc keeps full relative accuracy in the left tail).</summary>
    public static double NormalCdf(double x) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2.0));

    /// <summary>φ(x) = e^(−x²/2) / √(2π), the standard normal density.</summary>
    public static double NormalPdf(double x) => InverseSqrtTwoPi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// max f on [<paramref name="low"/>, <paramref name="high"/>] for an f with one peak there (golden-section search,
    /// 200 steps: the interval shrinks far below double precision, so the value is exact to round-off).
    /// </summary>
    public static double PeakOnInterval(Func<double, double> f, double low, double high)
    {
        var ratio = (Math.Sqrt(5.0) - 1.0) / 2.0;
        var a = low;
        var b = high;
        for (var step = 0; step < 200; step++)
        {
            var c = b - (ratio * (b - a));
            var d = a + (ratio * (b - a));
            if (f(c) >= f(d))
            {
                b = d;
            }
            else
            {
                a = c;
            }
        }

        return f((a + b) / 2);
    }

    /// <summary>Throws unless <paramref name="value"/> is finite, naming the argument and the fix.</summary>
    public static void RequireFinite(double value, string name, string fix)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number, got {value}; {fix}");
        }
    }
}
