using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Reading a notebook's printed output: its lines and the numbers on a line (by value, unsigned). A number is read as
/// QuotedNumbersTests reads printed text: e-notation (2.9e-13, 8.71E+175), decimals and integers, not the digits inside
/// a word (dense1, dw3); a test in GradientCourse.Tests keeps the two readings equal.
/// </summary>
internal static partial class Claims
{
    public static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static double[] Numbers(string line)
    {
        var found = new List<(int At, double Value)>();
        var rest = ENotation().Replace(line, m =>
        {
            found.Add((m.Index, Parse(m.Groups[1].Value) * Math.Pow(10, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))));
            return new string(' ', m.Length);
        });
        found.AddRange(AnyNumber().Matches(rest).Select(m => (m.Index, Parse(m.Value))));
        return [.. found.OrderBy(f => f.At).Select(f => f.Value)];
    }

    /// <summary>The one line of <paramref name="output"/> that contains <paramref name="text"/> (fails with the output otherwise).</summary>
    public static string Line(string output, string text)
    {
        var matches = Lines(output).Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one line containing '{text}', found {matches.Count} in:\n{output}");
        return matches[0];
    }

    /// <summary>The first number printed after <paramref name="label"/> on <paramref name="line"/> (unsigned, like <see cref="Numbers"/>).</summary>
    public static double After(string line, string label)
    {
        var at = line.IndexOf(label, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{label}' not found in: {line}");
        var numbers = Numbers(line[(at + label.Length)..]);
        Assert.True(numbers.Length > 0, $"no number after '{label}' in: {line}");
        return numbers[0];
    }

    /// <summary>
    /// The Plotly figure ({data, layout}) drawn by a chart's HTML output as the course runner writes it
    /// (<c>var figure = {…};</c>, see GradientCourse.Runner's ChartFormatter).
    /// </summary>
    public static JsonObject Figure(string html)
    {
        const string Start = "var figure = ";
        var at = html.IndexOf(Start, StringComparison.Ordinal);
        Assert.True(at >= 0, "no 'var figure = ' in the chart's HTML");
        var end = html.IndexOf(";\n", at, StringComparison.Ordinal);
        Assert.True(end > at, "the chart's figure JSON does not end with ';' and a line break");
        return JsonNode.Parse(html[(at + Start.Length)..end])!.AsObject();
    }

    /// <summary>Every number on a line with its sign, in order: "mean -10.92" → −10.92 (a typographic minus − counts too;
    /// e-notation is one number). <see cref="Numbers"/> reads magnitudes.</summary>
    public static double[] Signed(string line) =>
        [.. SignedNumber().Matches(line).Select(m => Parse(m.Value.Replace('−', '-')))];

    /// <summary>"layer 1 -14.5, layer 10 -8.5" → {1: −14.5, 10: −8.5}: each layer's signed value on a line.</summary>
    public static Dictionary<int, double> LayerValues(string line) =>
        LayerValue().Matches(line).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => Parse(m.Groups[2].Value));

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    // 1e-3, 2.9e-13, 8.71E+175
    [GeneratedRegex(@"(?<![\w.])(\d+(?:\.\d+)?)[eE]([-+]?\d+)(?![\w.])")]
    private static partial Regex ENotation();

    // 0.22, 21.0, 3 — not part of a version (6.0.0) or of an identifier
    [GeneratedRegex(@"(?<![\w.])\d+(?:\.\d+)?(?!\d|\.\d)")]
    private static partial Regex AnyNumber();

    // -10.92, −0.5, 1e-3, 2.9E+13, with their signs
    [GeneratedRegex(@"(?<![\w.])[-−]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")]
    private static partial Regex SignedNumber();

    // layer 10 -8.5
    [GeneratedRegex(@"layer (\d+) (-?\d+\.\d+)")]
    private static partial Regex LayerValue();
}
