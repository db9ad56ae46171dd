using System.Globalization;

namespace GradientCourse.Runner.Execution;

/// <summary>Checks of command-line values, each returning null or a message that says what was wrong and how to fix it.</summary>
public static class OptionChecks
{
    /// <summary>The longest timeout accepted: one day.</summary>
    public const double MaxSeconds = 24 * 60 * 60;

    /// <summary>A number of seconds: positive, finite, at most a day.</summary>
    public static string? Seconds(string option, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0 || value > MaxSeconds)
        {
            return $"{option} {value.ToString(CultureInfo.InvariantCulture)} is not a usable time limit: give a number of seconds " +
                   $"greater than 0 and at most {MaxSeconds.ToString(CultureInfo.InvariantCulture)}, e.g. {option} 120";
        }
        return null;
    }

    /// <summary>A memory limit in MB: at least 256 (the runtime and Roslyn need about that much).</summary>
    public static string? Megabytes(string option, int value)
    {
        if (value < 256)
        {
            return $"{option} {value.ToString(CultureInfo.InvariantCulture)} is too small: give a limit in MB of at least 256, e.g. {option} 4096";
        }
        return null;
    }
}
