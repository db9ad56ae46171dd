using static GradientCourse.Runner.Tests.Runner;

namespace GradientCourse.Runner.Tests;

/// <summary>
/// Notebook 08 loads TorchSharp with <c>#r "nuget: TorchSharp-cpu, 0.107.0"</c>. The runner ships TorchSharp (through its
/// reference to the bridge project), so the package resolves from the runner's bin, where the build patched
/// libLibTorchSharp.so for older libstdc++ (Debian 12). Other notebooks must not pay for libtorch: TorchSharp loads only
/// when a notebook asks for it.
/// </summary>
public class TorchSharpNotebookTests
{
    /// <summary>The TorchSharp bridge as notebook 08 references it.</summary>
    private static readonly string TorchBridgeDll =
        Path.Combine(RepoRoot, "src", "GradientCourse.Torch", "bin", "Debug", "net10.0", "GradientCourse.Torch.dll");

    private const string LoadedTorchSharp =
        "AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == \"TorchSharp\").Select(a => a.Location).FirstOrDefault() ?? \"none\"";

    [Fact]
    public void TorchSharpNotebook_Runs_WithTorchSharpFromRunnerBin()
    {
        Assert.True(File.Exists(TorchBridgeDll), $"bridge not built at {TorchBridgeDll}");
        var dir = TempDirectory("torch");
        var bridge = Path.GetRelativePath(dir, TorchBridgeDll).Replace('\\', '/');
        var setup = SetupCell(dir).Replace(
            "using GradientCourse;",
            $"#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"{bridge}\"\nusing GradientCourse;\nusing GradientCourse.Torch;",
            StringComparison.Ordinal);
        WriteNotebook(dir, "torch",
            Cell.Code(setup),
            Cell.Code("var mlp = Mlp.Create(3, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);\n"
                + "var torchMlp = new TorchMlp(mlp);\n"
                + "var x = Matrix.Filled(2, 3, 0.5);\n"
                + "var y = Matrix.Filled(2, 1, 1.0);\n"
                + "var fromTorch = torchMlp.Gradients(x, y)[\"dense1.W\"];\n"
                + "mlp.Backward(Losses.MeanSquaredError.Gradient(mlp.Forward(x), y));\n"
                + "var diff = fromTorch.Data.Zip(mlp.Blocks[0].Dense.Weights.Grad.Data, (a, b) => Math.Abs(a - b)).Max();\n"
                + "diff < 1e-12"),
            Cell.Code(LoadedTorchSharp));

        var (result, executed) = RunNotebook(dir, "torch");

        Assert.True(result.ExitCode == 0, result.ToString());
        var cells = CodeCells(executed!);
        Assert.Equal("True", Text(cells[1]["outputs"]![0]!["data"]!["text/plain"]));
        var runnerBin = Path.GetDirectoryName(RunnerDll)!;
        Assert.Equal(Path.Combine(runnerBin, "TorchSharp.dll"), Text(cells[2]["outputs"]![0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void NotebookWithoutTorchSharp_DoesNotLoadTorchSharp()
    {
        var dir = TempDirectory("notorch");
        WriteNotebook(dir, "notorch",
            Cell.Code(SetupCell(dir)),
            Cell.Code("var mlp = Mlp.Create(3, [4], 1, Activations.Tanh, Initializers.GlorotNormal, seed: 1);\nmlp.ParameterCount"),
            Cell.Code(ChartCell),
            Cell.Code(LoadedTorchSharp));

        var (result, executed) = RunNotebook(dir, "notorch");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("none", Text(CodeCells(executed!)[3]["outputs"]![0]!["data"]!["text/plain"]));
    }
}
