namespace GradientCourse.Tests.NotebookClaims;

/// <summary>Reading a notebook's printed output: its lines and the numbers on a line (by value, unsigned).</summary>
internal static class Claims
{
    public static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static double[] Numbers(string line) => [.. QuotedNumbersTests.TextNumbers(line)];
}
