using System.Globalization;
using System.Text.RegularExpressions;

namespace GradientCourse.Tests.NotebookClaims;

/// <summary>
/// Every number a notebook's prose quotes must be one the notebook measured: it appears in an output (or is a constant
/// typed in the code) of a cell above the markdown cell, or in the code or outputs of the code cells right after it
/// (the measurement "next to" the sentence). A "number" is a decimal (0.22, 4.8) or scientific notation (2.9 × 10^{-13},
/// 1e-3); integers (layer counts, steps, years) are not checked. Numbers are compared by value, so 0.80 matches 8.0e-01.
/// Exercise cells are not checked (their text is the exercises' owner's). Definitions and quotes from other notebooks
/// are listed per cell in <see cref="OptOuts"/>, each with its reason.
/// </summary>
public partial class QuotedNumbersTests
{
    /// <summary>(notebook, markdown cell id) → numbers that are definitions, not measurements, with why.</summary>
    private static readonly Dictionary<(string Notebook, string Cell), string[]> OptOuts = new()
    {
        // the sigmoid's derivative bound and 0.25^5 are closed forms, introduced before any code runs
        [("02-activations-and-saturation", "md-01")] = ["0.25", "0.00098"],
        // the sigmoid's derivative bound, a definition
        [("03-vanishing-gradients", "md-01")] = ["0.25"],
        // 10^0.5 ≈ 3.2: arithmetic on the printed bound |log10 r| ≤ 0.5
        [("03-vanishing-gradients", "md-37")] = ["3.2"],
        [("03-vanishing-gradients", "md-37d")] = ["3.2"],
        // the gains g = σ√(n/2) of the three chosen σ and He's σ: arithmetic on the setup, not measurements
        [("05-initialization", "md-09")] = ["0.28", "0.18", "1.7"],
        // √(2/32768) ≈ 0.8 %: the standard error of a variance estimate, a closed form
        [("05-initialization", "md-20")] = ["0.8"],
        // SELU's constants λ and α (Klambauer et al. 2017), definitions
        [("05-initialization", "md-21")] = ["1.0507", "1.6733"],
        // notebook 03's measured per-layer factor, quoted (printed there, code-06 and code-19b)
        [("05-initialization", "md-13")] = ["0.22"],
        // the sigmoid's derivative bound, a definition
        [("06-relu-family", "md-01")] = ["0.25"],
        // Leaky ReLU's customary slope, a definition
        [("06-relu-family", "md-03")] = ["0.01"],
        // notebook 03's measurements (mean σ′ 0.23–0.25, factor 0.22 per layer), quoted in the introduction
        [("07-batch-normalization", "md-01")] = ["0.23", "0.25", "0.22"],
        // the sigmoid's derivative bound σ′ ≤ 0.25 (a definition, derived in 02)
        [("09-case-study-electricity", "md-21")] = ["0.25"],
        [("09-case-study-electricity", "md-27")] = ["0.25"],
        // the chart's color-scale cap, a setting of the chart rather than a measurement
        [("05-initialization", "md-28")] = ["1.1"],
    };

    public static TheoryData<string> Notebooks() =>
    [
        "01-chain-rule", "02-activations-and-saturation", "03-vanishing-gradients", "04-exploding-gradients", "05-initialization",
        "06-relu-family", "07-batch-normalization", "08-torchsharp", "09-case-study-electricity",
    ];

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void MarkdownNumbers_AppearInAMeasurementNextToThem(string notebook)
    {
        var cells = ExecutedNotebook.Get(notebook).Cells;
        var missing = new List<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var (id, type, source, _) = cells[i];
            // Exercise cells pose tasks; playground-link cells state the playground's settings (e.g. its data's noise), not measurements.
            if (type != "markdown" || id.StartsWith("ex-", StringComparison.Ordinal) || id.StartsWith("playground-", StringComparison.Ordinal))
            {
                continue;
            }

            var known = new List<double>();
            foreach (var above in cells.Take(i).Where(c => c.Type == "code"))
            {
                known.AddRange(TextNumbers(above.Source));
                known.AddRange(TextNumbers(above.Output));
            }

            foreach (var next in cells.Skip(i + 1).TakeWhile(c => c.Type == "code"))
            {
                known.AddRange(TextNumbers(next.Source));
                known.AddRange(TextNumbers(next.Output));
            }

            var optOut = OptOuts.GetValueOrDefault((notebook, id), []);
            foreach (var (text, value) in MarkdownNumbers(source))
            {
                if (!optOut.Contains(text) && !known.Any(k => Math.Abs(k - value) <= 1e-9 * Math.Abs(value)))
                {
                    missing.Add($"{id}: {text}");
                }
            }
        }

        Assert.True(missing.Count == 0, $"{notebook}: numbers quoted in markdown but printed nowhere next to them:\n  " + string.Join("\n  ", missing));
    }

    [Theory]
    [InlineData("layer 1 gets $2.9 \\times 10^{-13}$ of it", "2.9e-13")]
    [InlineData("about $0.22$ per layer, $4.8$ to $21.0$", "0.22;4.8;21")]
    [InlineData("from $1.1 \\times 10^{-1}$ and 1e-3, version `1.0.0`, 2018, 20 layers", "0.11;0.001")]
    [InlineData("Plotly.NET 6.0.0 and [a](x.html?v=2.5) in 3.5.", "3.5")]
    public void MarkdownNumbers_DecimalsAndScientificNotation_IntegersAndVersionsIgnored(string markdown, string expected)
    {
        var values = MarkdownNumbers(markdown).Select(n => n.Value).ToArray();

        Assert.Equal(expected.Split(';').Select(s => double.Parse(s, CultureInfo.InvariantCulture)), values, new Close());
    }

    [Fact]
    public void TextNumbers_PrintedFormats_ParseToTheirValues()
    {
        var values = TextNumbers("ratio 2.9e-13, loss 0.0761 (8.71E+175), step 3, -0.64");

        Assert.Equal([2.9e-13, 0.0761, 8.71e175, 3, 0.64], values, new Close());
    }

    /// <summary>Decimals and scientific notation in markdown, outside code spans, fenced code and link targets.</summary>
    internal static List<(string Text, double Value)> MarkdownNumbers(string markdown)
    {
        var text = FencedCode().Replace(markdown, " ");
        text = CodeSpan().Replace(text, " ");
        text = LinkTarget().Replace(text, "]");
        var found = new List<(int At, string Text, double Value)>();
        text = LatexScientific().Replace(text, m =>
        {
            found.Add((m.Index, m.Groups[1].Value, Parse(m.Groups[1].Value) * Math.Pow(10, int.Parse(m.Groups[2].Value.Replace('−', '-'), CultureInfo.InvariantCulture))));
            return new string(' ', m.Length);
        });
        text = ENotation().Replace(text, m =>
        {
            found.Add((m.Index, m.Value, Parse(m.Groups[1].Value) * Math.Pow(10, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))));
            return new string(' ', m.Length);
        });
        found.AddRange(Decimal().Matches(text).Select(m => (m.Index, m.Value, Parse(m.Value))));
        return found.OrderBy(f => f.At).Select(f => (f.Text, f.Value)).ToList();
    }

    /// <summary>Every number in printed output or code: e-notation, decimals and integers (by value, unsigned).</summary>
    internal static List<double> TextNumbers(string text)
    {
        var found = new List<(int At, double Value)>();
        text = ENotation().Replace(text, m =>
        {
            found.Add((m.Index, Parse(m.Groups[1].Value) * Math.Pow(10, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))));
            return new string(' ', m.Length);
        });
        found.AddRange(AnyNumber().Matches(text).Select(m => (m.Index, Parse(m.Value))));
        return found.OrderBy(f => f.At).Select(f => f.Value).ToList();
    }

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\([^)]*\)")]
    private static partial Regex LinkTarget();

    // 2.9 \times 10^{-13}, 2.9 × 10^{−13}
    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s*(?:\\times|×|\\cdot)\s*10\^\{?\s*([-−]?\d+)\s*\}?")]
    private static partial Regex LatexScientific();

    // 1e-3, 2.9e-13, 8.71E+175
    [GeneratedRegex(@"(?<![\w.])(\d+(?:\.\d+)?)[eE]([-+]?\d+)(?![\w.])")]
    private static partial Regex ENotation();

    // 0.22, 21.0 — not part of a version (6.0.0) or of an identifier
    [GeneratedRegex(@"(?<![\w.])\d+\.\d+(?!\d|\.\d)")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"(?<![\w.])\d+(?:\.\d+)?(?!\d|\.\d)")]
    private static partial Regex AnyNumber();

    private sealed class Close : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y));

        public int GetHashCode(double obj) => 0;
    }
}
