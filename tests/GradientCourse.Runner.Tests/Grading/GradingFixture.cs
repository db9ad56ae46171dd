using System.Text;
using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>A small class graded once for all tests: source notebooks built from the real 00 and 01 (setup cell pointing
/// at the built library, exercise cells only, so each worker is quick) and one submission per scenario.</summary>
public sealed class GradingFixture
{
    public const string Tanh = "    double x = 0.5, y = -0.3, w1 = 1.1, w2 = -0.7;\n    double a1 = Math.Tanh(w1 * x), a2 = Math.Tanh(w2 * a1);\n    return 2 * (a2 - y) * (1 - a2 * a2) * w2 * (1 - a1 * a1) * x;\n";

    public GradingFixture()
    {
        Root = TempDirectory("grading");
        Source = Path.Combine(Root, "source");
        Submissions = Path.Combine(Root, "submissions");
        Directory.CreateDirectory(Source);
        Directory.CreateDirectory(Submissions);
        Welcome = Strip("00-welcome");
        Chain = Strip("01-chain-rule");

        var released = Path.Combine(Root, "released");
        Release = Run("release", "--notebooks", Source, "--out", released);
        Assert.True(Release.ExitCode == 0, Release.ToString());

        // Fully correct: the instructor's own notebooks.
        Save("correct", "00-welcome", Welcome);
        Save("correct", "01-chain-rule", Chain);
        // Blank: the released copies, untouched (file-name layout <student>__NN-topic.ipynb).
        File.Copy(Path.Combine(released, "00-welcome.ipynb"), Path.Combine(Submissions, "blank__00-welcome.ipynb"));
        File.Copy(Path.Combine(released, "01-chain-rule.ipynb"), Path.Combine(Submissions, "blank__01-chain-rule.ipynb"));
        // Partly correct, see the expected table in GradingTests.
        Save("partial", "00-welcome", WithAnswers(Welcome, ("ex-00-2-answer", Function("int ParameterCount()", "    return 4 * 8 + 8 * 8 + 8;\n"))));
        Save("partial", "01-chain-rule", WithAnswers(Chain,
            ("ex-01-2-answer", Function("double CentralDifference(Func<double, double> f, double x, double eps)", "    return 2.0; // passes the visible check only\n")),
            ("ex-01-3-answer", Function("string LargestProduct()", "    return \"b\";\n"))));
        // An answer that throws.
        Save("crash", "01-chain-rule", WithAnswers(Chain, ("ex-01-1-answer", Function("double TanhChainGradient()", "    throw new InvalidOperationException(\"boom\");\n"))));
        // An endless loop in 01.1; the rest is right and must still count.
        Save("loop", "01-chain-rule", WithAnswers(Chain, ("ex-01-1-answer", Function("double TanhChainGradient()", "    while (true) { }\n"))));
        // An allocation bomb in 01.1.
        Save("bomb", "01-chain-rule", WithAnswers(Chain, ("ex-01-1-answer", Function("double TanhChainGradient()",
            "    var hoard = new List<double[]>();\n    while (true) hoard.Add(new double[1 << 20]);\n"))));
        // Not JSON.
        Directory.CreateDirectory(Path.Combine(Submissions, "malformed"));
        File.WriteAllText(Path.Combine(Submissions, "malformed", "01-chain-rule.ipynb"), "{\"cells\": [ {\"cell_type\": \"code\", ");
        // 01.1's answer cell deleted, 01.2's answer cell renamed, 01.3's check cell deleted (the source's check runs anyway).
        var deleted = (JsonObject)Chain.DeepClone();
        var cells = deleted["cells"]!.AsArray();
        cells.Remove(cells.First(c => c!["id"]!.GetValue<string>() == "ex-01-1-answer"));
        cells.Remove(cells.First(c => c!["id"]!.GetValue<string>() == "ex-01-3-check"));
        cells.First(c => c!["id"]!.GetValue<string>() == "ex-01-2-answer")!["id"] = "my-answer";
        Save("deleted", "01-chain-rule", deleted);
        // Tampering: prints a pass, declares its own Exercises and CheckResult, forges a report line, writes a fake
        // grades file, edits the check cell, and catches exceptions to get past 01.2's visible check.
        var tamper = WithAnswers(Chain,
            ("ex-01-1-answer",
                "public record CheckResult(string ExerciseId, bool Passed, string Message, string? Hint);\n" +
                "public static class Exercises\n{\n" +
                "    public static CheckResult Value(string id, Func<double> answer, double expected, double tolerance, string hint)\n" +
                "    { Console.WriteLine($\"✔ Exercise {id} passed\"); return new CheckResult(id, true, \"ok\", null); }\n}\n" +
                "double TanhChainGradient()\n{\n" +
                "    Console.WriteLine(\"✔ Exercise 01.1 passed: 0.0170706 matches 0.0170706.\");\n" +
                "    using (var raw = new System.IO.StreamWriter(Console.OpenStandardOutput())) raw.WriteLine(\"GCV1 0 eyJLaW5kIjoidmVyZGljdCJ9 00\");\n" +
                "    System.IO.File.WriteAllText(\"grades.csv\", \"student,exercise,points,max,status,message\\ntamper,01.1,2,2,passed,forged\\n\");\n" +
                "    return 0.0;\n}\n"),
            ("ex-01-2-answer", Function("double CentralDifference(Func<double, double> f, double x, double eps)",
                "    try { throw new NotImplementedException(); }\n    catch (Exception) { return 2.0; }\n")));
        tamper["cells"]!.AsArray().First(c => c!["id"]!.GetValue<string>() == "ex-01-1-check")!["source"] =
            "Exercises.Value(\"01.1\", () => 1, 1, 1, \"x\");";
        Save("tamper", "01-chain-rule", tamper);

        Out = Path.Combine(Root, "out");
        Grade = Run("grade", "--submissions", Submissions, "--out", Out, "--source", Source, "--timeout", "4", "--memory", "400");
        Grades = File.Exists(Path.Combine(Out, "grades.csv")) ? File.ReadAllText(Path.Combine(Out, "grades.csv")) : "";
    }

    public string Root { get; }

    public string Source { get; }

    public string Submissions { get; }

    public string Out { get; }

    public JsonObject Welcome { get; }

    public JsonObject Chain { get; }

    internal RunResult Release { get; }

    internal RunResult Grade { get; }

    public string Grades { get; }

    /// <summary>grades.csv as (student, exercise) → (points, max, status, message).</summary>
    public Dictionary<(string Student, string Exercise), (int Points, int Max, string Status, string Message)> Table()
    {
        var table = new Dictionary<(string, string), (int, int, string, string)>();
        foreach (var line in Grades.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var f = SplitCsv(line);
            table[(f[0], f[1])] = (int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), f[4], f[5]);
        }
        return table;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }

    private JsonObject Strip(string name)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "notebooks", name + ".ipynb")))!.AsObject();
        var kept = new JsonArray();
        foreach (var cell in notebook["cells"]!.AsArray().Select(c => c!.AsObject()))
        {
            var id = cell["id"]!.GetValue<string>();
            var text = Text(cell["source"]);
            if (id == "setup")
                cell["source"] = SetupCell(Source, withFSharpCoreHandler: false);
            else if (!(id.StartsWith("ex-", StringComparison.Ordinal) || text.Contains("### Exercise", StringComparison.Ordinal)))
                continue;
            kept.Add(cell.DeepClone());
        }
        notebook["cells"] = kept;
        File.WriteAllText(Path.Combine(Source, name + ".ipynb"), notebook.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return notebook;
    }

    private static string Function(string signature, string body) => signature + "\n{\n" + body + "}\n";

    private static JsonObject WithAnswers(JsonObject source, params (string Id, string Text)[] answers)
    {
        var copy = (JsonObject)source.DeepClone();
        foreach (var (id, text) in answers)
            copy["cells"]!.AsArray().First(c => c!["id"]!.GetValue<string>() == id)!["source"] = text;
        return copy;
    }

    private void Save(string student, string notebook, JsonObject json)
    {
        var dir = Path.Combine(Submissions, student);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, notebook + ".ipynb"), json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }
}
