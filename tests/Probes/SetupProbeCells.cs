namespace GradientCourse.Tests.Probes;

/// <summary>
/// The cells of the setup-loading probe, run by the course runner (Runner.Tests) and by the real kernel (Kernel.Tests):
/// the course's setup cell followed, in the same cell, by a count of the loaded copies of each library assembly; then a
/// cell that waits for the chart warm-up the setup cell started, uses the library and a chart, and counts again.
/// Why: <c>Charts.WarmUpInBackground()</c> works on a background thread, and the script assembly loader of the kernel and
/// of the runner (Roslyn's InteractiveAssemblyLoader) loads a file outside its lock, so an assembly the warm-up and the
/// next cell first ask for at the same moment is loaded twice, and later cells fail between the two copies' types (the
/// runner failed so in CI on notebook 04: "Field not found: 'Submission#1.large'"). The warm-up waits half a second
/// before it starts, so what the first count sees was loaded by the setup cell's own thread.
/// </summary>
internal static class SetupProbeCells
{
    public static readonly IReadOnlyList<string> Libraries =
        ["GradientCourse", "GradientCourse.Charts", "Plotly.NET", "Plotly.NET.CSharp", "Newtonsoft.Json", "DynamicObj", "Giraffe.ViewEngine", "FSharp.Core"];

    /// <summary>The text the course's setup cell must contain (the probe is pointless without it).</summary>
    public const string WarmUpLine = "Charts.WarmUpInBackground();";

    /// <summary>The two cells' code: <paramref name="courseSetupCell"/> (a course notebook's setup cell as committed, its
    /// <c>#r "../src/…"</c> paths rewritten to start at <paramref name="sourceFolder"/>, the repository's src folder as
    /// the probe notebook must name it) and the counts.</summary>
    public static string[] Cells(string courseSetupCell, string sourceFolder)
    {
        var setupCell = courseSetupCell.Replace("#r \"../src/", "#r \"" + sourceFolder.TrimEnd('/') + "/", StringComparison.Ordinal);
        if (!setupCell.Contains(WarmUpLine, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the course's setup cell no longer contains " + WarmUpLine + ": update the probe");
        }
        var copies = "string Copies() => string.Join(\", \", new[] { " + string.Join(", ", Libraries.Select(l => "\"" + l + "\""))
            + " }.Select(n => n + \" \" + AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == n)));\n";
        return
        [
            setupCell + "\n" + copies + "Console.WriteLine(\"after setup: \" + Copies());",
            "var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;\n"
                + "var warmUp = (Task)typeof(Charts).GetProperty(\"WarmUpTask\", flags)!.GetValue(null)!;\n"
                + "await warmUp;\n"
                + "var charts = (int)typeof(Charts).GetProperty(\"WarmUpCharts\", flags)!.GetValue(null)!;\n"
                + "var chart = Charts.DerivativeProductByDepth(4, (\"tanh\", 1.0));\n"
                + "var data = Datasets.Regression1D(n: 8, seed: 0);\n"
                + "Console.WriteLine($\"warm-up made {charts} charts; after it: \" + Copies());",
        ];
    }

    /// <summary>What the two cells print when every library is loaded once, by the setup cell, and the warm-up worked.</summary>
    public static IReadOnlyList<string> Expected()
    {
        var once = string.Join(", ", Libraries.Select(l => l + " 1"));
        return ["after setup: " + once + "\n", "warm-up made 5 charts; after it: " + once + "\n"];
    }
}
