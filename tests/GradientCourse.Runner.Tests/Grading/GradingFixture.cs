using System.Text.Json.Nodes;
using static GradientCourse.Runner.Tests.Grading.GradingProcess;
using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests.Grading;

/// <summary>
/// One class graded once for all grading tests: a small source notebook that follows the exercise contract (answer
/// functions, probes in hidden cells) and one submission per scenario — honest ones, broken ones, and one per attack
/// class of issue 12 (each attack is a student's answer cell).
/// </summary>
public sealed class GradingFixture
{
    public const string Marker = "gc-attack-child";

    public GradingFixture()
    {
        Root = TempDirectory("grading");
        Source = Path.Combine(Root, "source");
        Submissions = Path.Combine(Root, "submissions");
        Out = Path.Combine(Root, "out");
        ChildMarker = Marker + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Submissions);
        Instructor = SourceNotebook();
        Save(Instructor, Path.Combine(Source, "50-probes.ipynb"));
        SourceHash = Hash(Path.Combine(Source, "50-probes.ipynb"));
        LibraryHash = Hash(LibraryDll);

        var released = Path.Combine(Root, "released");
        Release = RunLong(TimeSpan.FromMinutes(2), "release", "--notebooks", Source, "--out", released);
        Assert.True(Release.ExitCode == 0, Release.ToString());
        Released = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(released, "50-probes.ipynb")))!;

        Student("correct", Instructor);
        File.Copy(Path.Combine(released, "50-probes.ipynb"), Path.Combine(Submissions, "blank__50-probes.ipynb"));
        Student("partial", ("ex-50-1-answer", "double Square(double x) => x * x + 0.1;"), ("ex-50-2-answer", "string Letter() => \"B\";"));
        Student("crash", ("ex-50-1-answer", "double Square(double x) => throw new InvalidOperationException(\"boom\");"));
        Student("loop", ("ex-50-1-answer", "double Square(double x) { while (true) { } }"));
        Student("bomb", ("ex-50-1-answer", "double Square(double x)\n{\n    var hoard = new List<double[]>();\n    while (true) { hoard.Add(new double[1 << 20]); }\n}"));
        Student("native", ("ex-50-1-answer",
            "double Square(double x)\n{\n    while (true)\n    {\n        var block = System.Runtime.InteropServices.Marshal.AllocHGlobal(64 << 20);\n" +
            "        for (var i = 0; i < (64 << 20); i += 4096) { System.Runtime.InteropServices.Marshal.WriteByte(block, i, 1); }\n    }\n}"));
        Student("exit", ("ex-50-1-answer", "double Square(double x) { Environment.Exit(3); return 0; }"));
        Directory.CreateDirectory(Path.Combine(Submissions, "malformed"));
        File.WriteAllText(Path.Combine(Submissions, "malformed", "50-probes.ipynb"), "{\"cells\": [ {\"cell_type\": \"code\", ");
        var deleted = (JsonObject)Instructor.DeepClone();
        var cells = deleted["cells"]!.AsArray();
        cells.Remove(cells.First(c => c!["id"]!.GetValue<string>() == "ex-50-1-answer"));
        cells.First(c => c!["id"]!.GetValue<string>() == "ex-50-2-answer")!["id"] = "my-answer";
        Save(deleted, Path.Combine(Submissions, "deleted", "50-probes.ipynb"));

        // Attacks.
        Student("flood", ("ex-50-1-answer",
            "double Square(double x)\n{\n    var raw = Console.OpenStandardOutput();\n    var chunk = new byte[1 << 20];\n    Array.Fill(chunk, (byte)'x');\n" +
            "    for (var i = 0; i < 100; i++) { raw.Write(chunk); }\n    raw.Flush();\n    return x * x;\n}"));
        Student("forged", ("ex-50-1-answer",
            "double Square(double x)\n{\n    var raw = new System.IO.StreamWriter(Console.OpenStandardOutput());\n" +
            "    raw.WriteLine(\"✔ Exercise 50.1 passed\");\n" +
            "    raw.WriteLine(\"GCW2 {\\\"Kind\\\":\\\"call\\\",\\\"Index\\\":0,\\\"Status\\\":\\\"ok\\\",\\\"Value\\\":2.25}\");\n" +
            "    raw.WriteLine(\"GCW2 {\\\"Kind\\\":\\\"verdict\\\",\\\"Index\\\":0,\\\"Exercise\\\":\\\"50.1\\\",\\\"Status\\\":\\\"passed\\\"}\");\n" +
            "    raw.Flush();\n    return 0;\n}"));
        Student("child", ("ex-50-1-answer",
            "double Square(double x)\n{\n    var start = new System.Diagnostics.ProcessStartInfo(\"/bin/sh\") { UseShellExecute = false };\n" +
            "    start.ArgumentList.Add(\"-c\");\n" +
            $"    start.ArgumentList.Add(\"sleep 3; echo forged > '{Out}/grades.csv'; sleep 600; echo\");\n" +
            $"    start.ArgumentList.Add(\"{ChildMarker}\");\n" +
            "    System.Diagnostics.Process.Start(start);\n    return x * x;\n}"));
        var sourceFile = Path.Combine(Source, "50-probes.ipynb");
        Student("reader", ("ex-50-3-answer",
            "string Secret(int n)\n{\n    var found = new List<string>();\n" +
            $"    foreach (var path in new[] {{ @\"{sourceFile}\", @\"{RepoRoot}/notebooks/01-chain-rule.ipynb\", \"../../source/50-probes.ipynb\" }})\n" +
            "    {\n        try { if (System.IO.File.ReadAllText(path).Contains(\"BEGIN HIDDEN\")) { found.Add(path); } } catch (Exception) { }\n    }\n" +
            "    foreach (var dir in new[] { \"/\", \"/course\", \"/tmp\", \"/work\", \"/root\", \"/home\" })\n    {\n" +
            "        try\n        {\n            foreach (var f in System.IO.Directory.EnumerateFiles(dir, \"*.ipynb\", new System.IO.EnumerationOptions { RecurseSubdirectories = dir != \"/\", IgnoreInaccessible = true }))\n" +
            "            {\n                if (System.IO.File.ReadAllText(f).Contains(\"BEGIN HIDDEN\")) { found.Add(f); }\n            }\n        }\n        catch (Exception) { }\n    }\n" +
            "    return found.Count == 0 ? \"no access\" : \"LEAKED \" + string.Join(\" \", found);\n}"));
        Student("scanner", ("ex-50-3-answer", ScannerAnswer));
        Student("writer", ("ex-50-3-answer",
            "string Secret(int n)\n{\n    var wrote = new List<string>();\n" +
            $"    foreach (var path in new[] {{ \"../src/GradientCourse/bin/Debug/net10.0/GradientCourse.dll\", @\"{LibraryDll}\", @\"{sourceFile}\" }})\n" +
            "    {\n        try { using (new System.IO.FileStream(path, System.IO.FileMode.Open, System.IO.FileAccess.Write)) { } wrote.Add(path); } catch (Exception) { }\n    }\n" +
            $"    if (System.IO.Directory.Exists(@\"{Out}\"))\n    {{\n" +
            $"        try {{ System.IO.File.WriteAllText(@\"{Out}/feedback/planted.md\", \"forged\"); wrote.Add(\"planted\"); }} catch (Exception) {{ }}\n" +
            $"        try {{ System.IO.File.CreateSymbolicLink(@\"{Out}/totals.csv\", \"/tmp/elsewhere\"); wrote.Add(\"link\"); }} catch (Exception) {{ }}\n    }}\n" +
            "    return wrote.Count == 0 ? \"nothing writable\" : \"wrote \" + string.Join(\" \", wrote);\n}"));
        Student("tmpfs", ("ex-50-3-answer",
            "string Secret(int n)\n{\n    var chunk = new byte[1 << 20];\n    var result = new List<string>();\n" +
            "    foreach (var path in new[] { \"/dev/shm/gc-fill\", \"/tmp/gc-fill\", \"gc-fill\" })\n    {\n" +
            "        try { using var file = System.IO.File.Create(path); for (var i = 0; i < 100000; i++) { file.Write(chunk); file.Flush(); } result.Add(\"unbounded\"); }\n" +
            "        catch (System.IO.IOException e) { result.Add(e.Message); }\n    }\n    return string.Join(\"; \", result);\n}"));

        Grade = RunLong(TimeSpan.FromMinutes(25), "grade", "--submissions", Submissions, "--out", Out, "--source", Source,
            "--timeout", "30", "--notebook-timeout", "300", "--memory", "1024");
        Grades = File.Exists(Path.Combine(Out, "grades.csv")) ? File.ReadAllText(Path.Combine(Out, "grades.csv")) : "";
    }

    /// <summary>Scans what a worker can see of itself for the instructor's expected value ("…-SENTINEL"): environment,
    /// command line, standard input, and every readable page of its own memory.</summary>
    private static string ScannerAnswer =>
        "string Secret(int n)\n{\n" +
        "    // The sentinel's UTF-8 and UTF-16 bytes, built at run time (no constant in the compiled answer holds them); the\n" +
        "    // three buffers that hold them, or copies of memory, are pinned and their own addresses skipped.\n" +
        "    var pattern = new byte[9];\n    var shifted = new[] { 46, 84, 70, 79, 85, 74, 79, 70, 77 };\n" +
        "    for (var i = 0; i < 9; i++) { pattern[i] = (byte)(shifted[i] - 1); }\n" +
        "    var wide = new byte[18];\n    for (var i = 0; i < 9; i++) { wide[2 * i] = pattern[i]; }\n" +
        "    var chunk = new byte[1 << 20];\n" +
        "    var pins = new[] { pattern, wide, chunk }.Select(a => System.Runtime.InteropServices.GCHandle.Alloc(a, System.Runtime.InteropServices.GCHandleType.Pinned)).ToList();\n" +
        "    var own = pins.Select(h => ((long)h.AddrOfPinnedObject(), (long)h.AddrOfPinnedObject() + ((byte[])h.Target!).Length)).ToList();\n" +
        "    bool Mine(long address) => own.Any(r => address >= r.Item1 && address < r.Item2);\n" +
        "    var texts = new List<byte[]>();\n" +
        "    foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) { texts.Add(System.Text.Encoding.UTF8.GetBytes($\"{e.Key}={e.Value}\")); }\n" +
        "    texts.Add(System.Text.Encoding.UTF8.GetBytes(string.Join(\" \", Environment.GetCommandLineArgs())));\n" +
        "    foreach (var f in new[] { \"/proc/self/environ\", \"/proc/self/cmdline\", \"/proc/1/cmdline\", \"/proc/1/environ\" }) { try { texts.Add(System.IO.File.ReadAllBytes(f)); } catch (Exception) { } }\n" +
        "    try { var rest = Console.OpenStandardInput(); var buffer = new byte[1 << 16]; var got = rest.Read(buffer, 0, buffer.Length); texts.Add(buffer[..Math.Max(0, got)]); } catch (Exception) { }\n" +
        "    foreach (var t in texts) { if (t.AsSpan().IndexOf(pattern) >= 0) { return \"found in environment, arguments or input\"; } }\n" +
        "    long scanned = 0;\n" +
        "    using var mem = new System.IO.FileStream(\"/proc/self/mem\", System.IO.FileMode.Open, System.IO.FileAccess.Read);\n" +
        "    foreach (var line in System.IO.File.ReadAllLines(\"/proc/self/maps\"))\n    {\n" +
        "        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);\n" +
        "        if (parts[1][0] != 'r' || line.Contains(\"[vvar\") || line.Contains(\"[vsyscall]\")) { continue; }\n" +
        "        var range = parts[0].Split('-');\n        var from = Convert.ToInt64(range[0], 16); var to = Convert.ToInt64(range[1], 16);\n" +
        "        if (to - from > (256L << 20)) { to = from + (256L << 20); }\n" +
        "        for (var at = from; at < to; at += chunk.Length - 32)\n        {\n" +
        "            int read;\n            try { mem.Seek(at, System.IO.SeekOrigin.Begin); read = mem.Read(chunk, 0, (int)Math.Min(chunk.Length, to - at)); } catch (Exception) { break; }\n" +
        "            scanned += read;\n" +
        "            foreach (var p in new[] { pattern, wide })\n            {\n                var offset = 0;\n" +
        "                while (offset < read)\n                {\n                    var hit = chunk.AsSpan(offset, read - offset).IndexOf(p);\n" +
        "                    if (hit < 0) { break; }\n                    if (!Mine(at + offset + hit)) { return $\"found in memory at {parts[0]} {(parts.Length > 5 ? parts[5] : \"\")}\"; }\n" +
        "                    offset += hit + 1;\n                }\n            }\n            Array.Clear(chunk);\n        }\n    }\n" +
        "    return $\"not found in {scanned >> 20} MB\";\n}";

    public string Root { get; }

    public string Source { get; }

    public string Submissions { get; }

    public string Out { get; }

    public string ChildMarker { get; }

    public JsonObject Instructor { get; }

    public JsonObject Released { get; }

    public string SourceHash { get; }

    public string LibraryHash { get; }

    internal RunResult Release { get; }

    internal RunResult Grade { get; }

    public string Grades { get; }

    public Dictionary<(string Student, string Exercise), (int Points, int Max, string Status, string Message)> Table() => GradingProcess.Table(Grades);

    public static string Hash(string file) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>The instructor's notebook: four exercises; 50.4's instructor result is NaN (an instructor error).</summary>
    private static JsonObject SourceNotebook() => Notebook(
        Code("setup", "#r \"../src/GradientCourse/bin/Debug/net10.0/GradientCourse.dll\"\nusing GradientCourse;"),
        Markdown("ex-50-1", "### Exercise 50.1 (2 points)\n\nReturn the square of `x`."),
        Code("ex-50-1-answer", "double Square(double x)\n{\n    // BEGIN SOLUTION\n    return x * x;\n    // END SOLUTION\n}"),
        Code("ex-50-1-check", "Console.WriteLine($\"Square(3) = {Square(3)}\");"),
        Code("ex-50-1-hidden", "// BEGIN HIDDEN TESTS\nExercises.Probe(\"50.1\", nameof(Square), [-1.5], tolerance: 1e-12, hints: [\"square negative numbers too\"]);\n// END HIDDEN TESTS"),
        Markdown("ex-50-2", "### Exercise 50.2 (1 point)\n\nWhich letter?"),
        Code("ex-50-2-answer", "string Letter()\n{\n    // BEGIN SOLUTION\n    return \"C\";\n    // END SOLUTION\n}"),
        Code("ex-50-2-check", "Console.WriteLine($\"you chose {Letter()}\");"),
        Markdown("ex-50-3", "### Exercise 50.3 (1 point)\n\nThe secret of `n`."),
        Code("ex-50-3-answer", "string Secret(int n)\n{\n    // BEGIN SOLUTION\n    return \"k\" + (n * 7919 % 10007) + \"-SENTINEL\";\n    // END SOLUTION\n}"),
        Code("ex-50-3-hidden", "// BEGIN HIDDEN TESTS\nExercises.Probe(\"50.3\", nameof(Secret), [4242]);\n// END HIDDEN TESTS"),
        Markdown("ex-50-4", "### Exercise 50.4 (1 point)\n\nA broken exercise."),
        Code("ex-50-4-answer", "double Broken()\n{\n    // BEGIN SOLUTION\n    return double.NaN;\n    // END SOLUTION\n}"),
        Code("ex-50-4-hidden", "// BEGIN HIDDEN TESTS\nExercises.Probe(\"50.4\", nameof(Broken), []);\n// END HIDDEN TESTS"));

    private void Student(string name, JsonObject notebook) => Save(notebook, Path.Combine(Submissions, name, "50-probes.ipynb"));

    private void Student(string name, params (string Id, string Text)[] answers) => Student(name, WithCells(Instructor, answers));
}
