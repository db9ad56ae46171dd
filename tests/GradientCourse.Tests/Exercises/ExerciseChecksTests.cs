using GradientCourse;

namespace GradientCourse.Tests.Exercises;

/// <summary>
/// Every exercise check of the course's notebooks, driven through the same library checks the notebooks call:
/// the instructor's solution passes, the released stub is "not answered yet", and a typical wrong answer gets its
/// specific hint (without the expected value).
/// </summary>
public class ExerciseChecksTests
{
    private static readonly Dataset Task = Datasets.Regression1D(n: 256, seed: 0);

    private static double VarianceOfY()
    {
        var mean = Task.Y.Mean();
        return Task.Y.Data.Average(v => (v - mean) * (v - mean));
    }

    // ----- instructor solutions (the same logic as the notebooks' solution regions) -----

    private static double[] SigmoidBackward(double[] x, double[] dY) =>
        x.Select((v, i) => dY[i] * Activations.Sigmoid.Value(v) * (1 - Activations.Sigmoid.Value(v))).ToArray();

    private static double Log10FirstToLast(int depth, Matrix x, Matrix y)
    {
        var model = Mlp.Create(x.Cols, Enumerable.Repeat(16, depth - 1).ToArray(), y.Cols, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0);
        model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(x), y));
        return Math.Log10(model.Blocks[0].Dense.Weights.Grad.FrobeniusNorm() / model.Blocks[^1].Dense.Weights.Grad.FrobeniusNorm());
    }

    private static double SigmoidRatio(int depth, double lr, bool batchNorm = false)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(16, depth - 1).ToArray(), 1, Activations.Sigmoid, Initializers.GlorotUniform, seed: 0, batchNorm: batchNorm);
        var run = Trainer.Train(model, Task.X, Task.Y, Losses.MeanSquaredError, lr, new TrainerOptions { Epochs = 13, BatchSize = 32, MaxSteps = 100, RecordTelemetry = false });
        return run.Diverged ? double.PositiveInfinity : Trainer.Evaluate(model, Task.X, Task.Y, Losses.MeanSquaredError) / VarianceOfY();
    }

    private static int LargestTrainableDepth(double lr) =>
        Enumerable.Range(2, 9).Where(d => SigmoidRatio(d, lr) < 0.5).DefaultIfEmpty(0).Max();

    private static double[] ClipByGlobalNorm(double[] g, double maxNorm)
    {
        var norm = Math.Sqrt(g.Sum(v => v * v));
        var scale = norm > maxNorm ? maxNorm / norm : 1.0;
        return g.Select(v => v * scale).ToArray();
    }

    private static (bool Diverged, double Loss) Clipped(double c)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(32, 9).ToArray(), 1, Activations.ReLU, Initializers.Normal(0.4), seed: 0);
        var run = Trainer.Train(model, Task.X, Task.Y, Losses.MeanSquaredError, 0.05, new TrainerOptions { Epochs = 3, BatchSize = 32, RecordTelemetry = false, ClipNorm = c });
        return (run.Diverged, run.Diverged ? double.NaN : Trainer.Evaluate(model, Task.X, Task.Y, Losses.MeanSquaredError));
    }

    private static double BestClipNorm(double[] candidates) =>
        candidates.Select(c => (c, r: Clipped(c))).Where(t => !t.r.Diverged).OrderBy(t => t.r.Loss).Select(t => t.c).DefaultIfEmpty(double.NaN).First();

    private static double GainPerLayer(double std, int width)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(width, 9).ToArray(), 1, Activations.ReLU, Initializers.Normal(std), seed: 0);
        model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(Task.X), Task.Y));
        return Math.Pow(model.Blocks[1].Dense.Weights.Grad.FrobeniusNorm() / model.Blocks[8].Dense.Weights.Grad.FrobeniusNorm(), 1.0 / 7);
    }

    private static Matrix Sample(int fanIn, int fanOut, int seed, Func<double> std, bool uniform = false)
    {
        var random = Seeds.Create(seed);
        var w = new Matrix(fanIn, fanOut);
        var s = std();
        for (var i = 0; i < w.Length; i++)
        {
            w.Data[i] = uniform ? s * Math.Sqrt(3) * random.NextUniform(-1, 1) : s * random.NextGaussian();
        }

        return w;
    }

    private static Matrix HeNormal(int fanIn, int fanOut, int seed) => Sample(fanIn, fanOut, seed, () => Math.Sqrt(2.0 / fanIn));

    private static double[] ActivationStd(string name, int depth)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(32, depth - 1).ToArray(), 1, Activations.Tanh, Initializers.FromKerasName(name), seed: 0);
        var run = Trainer.Train(model, Task.X, Task.Y, Losses.MeanSquaredError, 0.1, new TrainerOptions { BatchSize = 256, MaxSteps = 1 });
        return run.LayersAt(0).Select(l => l.ActivationStd).ToArray();
    }

    private static int DistinctUnits(double constant, double noise, int steps, bool countRows = false)
    {
        var model = Mlp.Create(1, [8], 1, Activations.Tanh, Initializers.Constant(constant), seed: 0);
        var w = model.Blocks[0].Dense.Weights.Value;
        var random = Seeds.Create(1);
        for (var i = 0; i < w.Length; i++)
        {
            w.Data[i] += noise * random.NextGaussian();
        }

        Trainer.Train(model, Task.X, Task.Y, Losses.MeanSquaredError, 0.1, new TrainerOptions { Epochs = 1000, BatchSize = 32, MaxSteps = steps, RecordTelemetry = false });
        var vectors = countRows ? Enumerable.Range(0, w.Rows).Select(r => w.Row(r).ToArray()).ToList() : Enumerable.Range(0, w.Cols).Select(w.Column).ToList();
        var distinct = new List<double[]>();
        foreach (var v in vectors.Where(v => !distinct.Any(d => d.Zip(v, (a, b) => Math.Abs(a - b)).Max() < 1e-12)))
        {
            distinct.Add(v);
        }

        return distinct.Count;
    }

    private static double DeadFraction(Matrix h) =>
        Enumerable.Range(0, h.Cols).Count(c => Enumerable.Range(0, h.Rows).All(r => h[r, c] <= 0)) / (double)h.Cols;

    private static double DeadAfterTraining(double lr)
    {
        var model = Mlp.Create(1, Enumerable.Repeat(16, 8).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: 0);
        Trainer.Train(model, Task.X, Task.Y, Losses.MeanSquaredError, lr, new TrainerOptions { Epochs = 4, BatchSize = 32, RecordTelemetry = false });
        model.Forward(Task.X, training: false);
        return model.Blocks.SkipLast(1).Average(b => DeadFraction(b.Activation!.Input!));
    }

    private static Matrix Normalize(Matrix batch, double eps, bool unbiased = false)
    {
        var result = new Matrix(batch.Rows, batch.Cols);
        for (var c = 0; c < batch.Cols; c++)
        {
            var column = batch.Column(c);
            var mean = column.Average();
            var variance = column.Sum(v => (v - mean) * (v - mean)) / (unbiased ? column.Length - 1 : column.Length);
            for (var r = 0; r < batch.Rows; r++)
            {
                result[r, c] = (batch[r, c] - mean) / Math.Sqrt(variance + eps);
            }
        }

        return result;
    }

    private static double[] RunningStats(double[] batch, double mean, double variance, double m, bool keras = false, bool biased = false)
    {
        var w = keras ? 1 - m : m;
        var mu = batch.Average();
        var v = batch.Sum(u => (u - mu) * (u - mu)) / (biased ? batch.Length : batch.Length - 1);
        return [((1 - w) * mean) + (w * mu), ((1 - w) * variance) + (w * v)];
    }

    private static Mlp TrainDeepNet(int seed, int depth = 10)
    {
        var task = ElectricityTask.Load(RepoFiles.Path("data/electricity.csv"));
        var net = Mlp.Create(8, Enumerable.Repeat(16, depth - 1).ToArray(), 1, Activations.ReLU, Initializers.HeNormal, seed: seed);
        Trainer.Train(net, task.XTrain, task.YTrain, Losses.MeanSquaredError, new SgdMomentum(learningRate: 0.02, momentum: 0.9),
            new TrainerOptions { Epochs = 2, BatchSize = 64, Seed = seed, RecordTelemetry = false, ClipNorm = 5 });
        return net;
    }

    private static string Diagnose(int n)
    {
        var run = BrokenRuns.Case(n);
        var start = run.LayersAt(0);
        if (run.Losses[0] > 100)
        {
            return "exploding";
        }

        if (run.Diverged || run.FinalLoss > 10 * run.Losses[0])
        {
            return "lr-too-high";
        }

        if (start.Take(start.Count - 1).Average(l => l.DeadFraction) > 0.9)
        {
            return "dead-relu";
        }

        return start[0].WeightGradNorm < 1e-4 * start[^1].WeightGradNorm ? "vanishing" : "lr-too-low";
    }

    private static double Sig(double z) => 1 / (1 + Math.Exp(-z));

    private static double[] ChainGradients(double x, double y, double w1, double w2, double w3, bool bug = false)
    {
        double a1 = Sig(w1 * x), a2 = Sig(w2 * a1), a3 = Sig(w3 * a2);
        var d3 = 2 * (a3 - y) * a3 * (1 - a3);
        var d2 = d3 * w3 * a2 * (1 - a2);
        var d1 = (bug ? d3 : d2) * w2 * a1 * (1 - a1);
        return [d1 * x, d2 * a1, d3 * a2];
    }

    private static double[] NumericalChain(double x, double y, double w1, double w2, double w3, double eps, bool oneSided = false)
    {
        double Loss(double v1, double v2, double v3)
        {
            var a3 = Sig(v3 * Sig(v2 * Sig(v1 * x)));
            return (a3 - y) * (a3 - y);
        }

        return oneSided
            ? [(Loss(w1 + eps, w2, w3) - Loss(w1, w2, w3)) / eps, (Loss(w1, w2 + eps, w3) - Loss(w1, w2, w3)) / eps, (Loss(w1, w2, w3 + eps) - Loss(w1, w2, w3)) / eps]
            : [(Loss(w1 + eps, w2, w3) - Loss(w1 - eps, w2, w3)) / (2 * eps), (Loss(w1, w2 + eps, w3) - Loss(w1, w2 - eps, w3)) / (2 * eps), (Loss(w1, w2, w3 + eps) - Loss(w1, w2, w3 - eps)) / (2 * eps)];
    }

    private static double SaturatedShare(Matrix h, double threshold) =>
        h.Data.Count(v => Sig(v) * (1 - Sig(v)) < threshold) / (double)h.Length;

    private static double ScaleForShare(double target, bool largest = false)
    {
        var x = Initializers.Normal(1.0).Sample(64, 256, Seeds.Create(0));
        double Share(double s) => SaturatedShare(Matrix.Multiply(x, Initializers.Normal(s).Sample(256, 256, Seeds.Create(1))), 0.01);
        double lo = 1e-3, hi = 10;
        while (hi - lo > 1e-5)
        {
            var mid = (lo + hi) / 2;
            if (Share(mid) >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return largest ? hi * 1.5 : hi;
    }

    private static double Kurtosis(double[] x, bool excess = false)
    {
        var mean = x.Average();
        var m2 = x.Average(v => (v - mean) * (v - mean));
        var m4 = x.Average(v => Math.Pow(v - mean, 4));
        return (m4 / (m2 * m2)) - (excess ? 3 : 0);
    }

    private static double[] TorchClip(double[] g, double maxNorm, bool exact = false)
    {
        var norm = Math.Sqrt(g.Sum(v => v * v));
        var factor = Math.Min(1.0, maxNorm / (norm + (exact ? 0 : 1e-6)));
        return g.Select(v => v * factor).ToArray();
    }

    private static double[] WeightGradNorms(int depth, Matrix x, Matrix y)
    {
        var model = Mlp.Create(x.Cols, Enumerable.Repeat(16, depth - 1).ToArray(), y.Cols, Activations.Tanh, Initializers.GlorotNormal, seed: 0);
        model.Backward(Losses.MeanSquaredError.Gradient(model.Forward(x), y));
        return model.Blocks.Select(b => b.Dense.Weights.Grad.FrobeniusNorm()).ToArray();
    }

    private static readonly QuizChoice[] CaseOptions =
    [
        new("A", "S3 cross-region replication", "storage location does not change gradients."),
        new("C", "Vanishing gradients → ReLU", "stacked sigmoid derivatives ≤ 0.25."),
        new("D", "More epochs", "more steps of nothing."),
    ];

    // ----- the table: id → check of a given answer -----

    private static CheckResult Check(string id, string variant)
    {
        static T Stub<T>() => throw new NotImplementedException("Exercise: your code here");
        var right = variant == "right";
        var stub = variant == "stub";
        return id switch
        {
            "00.1" => GradientCourse.Exercises.CheckSigmoidByHand(id, stub ? _ => Stub<double>() : right ? x => 1.0 / (1.0 + Math.Exp(-x)) : x => 1.0 / (1.0 + Math.Exp(x))),
            "00.2" => GradientCourse.Exercises.CheckParameterCount(id, stub ? (i, h, o) => Stub<int>() : right ? (i, h, o) => Count(i, h, o, biases: true) : (i, h, o) => Count(i, h, o, biases: false)),
            "01.1" => GradientCourse.Exercises.CheckChainGradients(id, stub ? (x, y, a, b, c) => Stub<double[]>() : right ? (x, y, a, b, c) => ChainGradients(x, y, a, b, c) : (x, y, a, b, c) => ChainGradients(x, y, a, b, c, bug: true)),
            "01.2" => GradientCourse.Exercises.CheckNumericalChainGradients(id, stub ? (x, y, a, b, c, e) => Stub<double[]>() : right ? (x, y, a, b, c, e) => NumericalChain(x, y, a, b, c, e) : (x, y, a, b, c, e) => NumericalChain(x, y, a, b, c, e, oneSided: true)),
            "01.3" => GradientCourse.Exercises.CheckDenseWeightGradient(id, stub ? (x, d) => Stub<Matrix>() : right ? (x, d) => Matrix.Multiply(x.Transpose(), d) : (x, d) => Matrix.Multiply(d.Transpose(), x)),
            "02.1" => GradientCourse.Exercises.CheckTanhBackwardFromOutput(id, stub ? (y, d) => Stub<double[]>() : right ? (y, d) => y.Select((v, i) => d[i] * (1 - (v * v))).ToArray() : (y, d) => y.Select(v => 1 - (v * v)).ToArray()),
            "02.2" => GradientCourse.Exercises.CheckSaturatedShare(id, stub ? (h, t) => Stub<double>() : right ? SaturatedShare : (h, t) => 100 * SaturatedShare(h, t)),
            "02.3" => GradientCourse.Exercises.CheckScaleForSaturatedShare(id, stub ? _ => Stub<double>() : right ? t => ScaleForShare(t) : t => ScaleForShare(t, largest: true)),
            "08.1" => GradientCourse.Exercises.CheckKurtosis(id, stub ? _ => Stub<double>() : right ? v => Kurtosis(v) : v => Kurtosis(v, excess: true)),
            "08.2" => GradientCourse.Exercises.CheckClipGradNormLikeTorch(id, stub ? (g, m) => Stub<double[]>() : right ? (g, m) => TorchClip(g, m) : (g, m) => TorchClip(g, m, exact: true)),
            "08.3" => GradientCourse.Exercises.CheckTorchWeightGradNorms(id, stub ? (d, x, y) => Stub<double[]>() : right ? WeightGradNorms : (d, x, y) => WeightGradNorms(d, x, y).Reverse().ToArray()),
            "03.1" => GradientCourse.Exercises.CheckBackward(id, stub ? (x, d) => Stub<double[]>() : right ? SigmoidBackward : (x, d) => x.Select((v, i) => d[i] * 0.25 * Activations.Sigmoid.Value(v) * (1 - Activations.Sigmoid.Value(v))).ToArray(), Activations.Sigmoid),
            "03.2" => GradientCourse.Exercises.CheckLog10FirstToLast(id, stub ? (d, x, y) => Stub<double>() : right ? Log10FirstToLast : (d, x, y) => Log10FirstToLast(d + 1, x, y)),
            "03.3" => GradientCourse.Exercises.CheckLargestTrainableDepth(id, stub ? _ => Stub<int>() : right ? LargestTrainableDepth : _ => 10),
            "04.1" => GradientCourse.Exercises.CheckClipByGlobalNorm(id, stub ? (g, m) => Stub<double[]>() : right ? ClipByGlobalNorm : (g, m) => g.Select(v => Math.Clamp(v, -m, m)).ToArray()),
            "04.2" => GradientCourse.Exercises.CheckBestClipNorm(id, stub ? _ => Stub<double>() : right ? BestClipNorm : c => c.Max()),
            "04.3" => GradientCourse.Exercises.CheckGainPerLayer(id, stub ? (s, w) => Stub<double>() : right ? GainPerLayer : (s, w) => 1 / GainPerLayer(s, w)),
            "05.1" => GradientCourse.Exercises.CheckHeNormal(id, stub ? (i, o, s) => Stub<Matrix>() : right ? HeNormal : (i, o, s) => Sample(i, o, s, () => Math.Sqrt(2.0 / (i + o)))),
            "05.2" => GradientCourse.Exercises.CheckActivationStdByLayer(id, stub ? (n, d) => Stub<double[]>() : right ? ActivationStd : (n, d) => ActivationStd(n, d).Reverse().ToArray()),
            "05.3" => GradientCourse.Exercises.CheckDistinctHiddenUnits(id, stub ? (c, n, s) => Stub<int>() : right ? (c, n, s) => DistinctUnits(c, n, s) : (c, n, s) => DistinctUnits(c, n, s, countRows: true)),
            "06.1" => GradientCourse.Exercises.CheckDeadFraction(id, stub ? _ => Stub<double>() : right ? DeadFraction : h => h.Data.Count(v => v <= 0) / (double)h.Length),
            "06.2" => GradientCourse.Exercises.CheckLeakyReluBackward(id, stub ? (x, d, a) => Stub<double[]>() : right ? (x, d, a) => x.Select((v, i) => d[i] * (v > 0 ? 1 : a)).ToArray() : (x, d, a) => x.Select((v, i) => d[i] * (v > 0 ? 1 : 0.01)).ToArray()),
            "06.3" => GradientCourse.Exercises.CheckDeadFractionAfterTraining(id, stub ? _ => Stub<double>() : right ? DeadAfterTraining : lr => DeadAfterTraining(lr) * 128),
            "07.1" => GradientCourse.Exercises.CheckNormalize(id, stub ? (b, e) => Stub<Matrix>() : right ? (b, e) => Normalize(b, e) : (b, e) => Normalize(b, e, unbiased: true)),
            "07.2" => GradientCourse.Exercises.CheckRunningStatsUpdate(id, stub ? (b, m, v, k) => Stub<double[]>() : right ? (b, m, v, k) => RunningStats(b, m, v, k) : (b, m, v, k) => RunningStats(b, m, v, k, keras: true)),
            "07.3" => GradientCourse.Exercises.CheckLossRatioWithBatchNorm(id, stub ? (d, lr) => Stub<double>() : right ? (d, lr) => SigmoidRatio(d, lr, batchNorm: true) : (d, lr) => SigmoidRatio(d, lr)),
            "09.1" => GradientCourse.Exercises.Quiz(id, stub ? Stub<string> : right ? () => "c" : () => "D", CaseOptions, GradientCourse.Exercises.KeyHash(id, "C"), "think about gradients"),
            "09.2" => GradientCourse.Exercises.CheckDeepElectricityNet(id, stub ? _ => Stub<Mlp>() : right ? s => TrainDeepNet(s) : s => TrainDeepNet(s, depth: 3), ElectricityTask.Load(RepoFiles.Path("data/electricity.csv")), 8, 30),
            "09.3" => GradientCourse.Exercises.CheckDiagnosis(id, stub ? _ => Stub<string>() : right ? Diagnose : n => Diagnose(n) == "vanishing" ? "lr-too-low" : Diagnose(n)),
            _ => throw new ArgumentException($"no exercise {id}", nameof(id)),
        };
    }

    /// <summary>Every exercise id in the course's notebooks (markdown cells <c>ex-NN-k</c>), read from the notebooks themselves.</summary>
    private static readonly string[] IdList = [.. Directory.GetFiles(RepoFiles.Path("notebooks"), "*.ipynb")
        .SelectMany(file => System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("cells").EnumerateArray())
        .Select(cell => cell.TryGetProperty("id", out var cellId) ? cellId.GetString() ?? string.Empty : string.Empty)
        .Select(cellId => System.Text.RegularExpressions.Regex.Match(cellId, @"^ex-(\d\d)-(\d+)$"))
        .Where(match => match.Success)
        .Select(match => $"{match.Groups[1].Value}.{match.Groups[2].Value}")
        .Order(StringComparer.Ordinal)];

    private static int Count(int inputSize, int[] hidden, int outputSize, bool biases)
    {
        var sizes = new[] { inputSize }.Concat(hidden).Append(outputSize).ToArray();
        return Enumerable.Range(1, sizes.Length - 1).Sum(k => (sizes[k - 1] * sizes[k]) + (biases ? sizes[k] : 0));
    }

    public static TheoryData<string> Ids => new(IdList);

    /// <summary>Exercise id → the wrong answer's expected hint fragment (the wrong answers are in <see cref="Check"/>).</summary>
    private static readonly Dictionary<string, string> Fragments = new(StringComparer.Ordinal)
    {
        ["00.1"] = "check the sign inside the exponential",
        ["00.2"] = "counted the weights but not the biases",
        ["01.1"] = "the error enters in the last step back",
        ["01.2"] = "one-sided difference",
        ["01.3"] = "you computed its transpose",
        ["02.1"] = "does not depend on dY",
        ["02.2"] = "a percentage",
        ["02.3"] = "you want the smallest one",
        ["08.1"] = "EXCESS kurtosis",
        ["08.2"] = "you clip exactly to maxNorm",
        ["08.3"] = "reverse order",
        ["03.1"] = "0.25× the true gradient",
        ["03.2"] = "one Dense layer too many",
        ["03.3"] = "does not train",
        ["04.1"] = "clipping by value",
        ["04.2"] = "ends with a lower loss",
        ["04.3"] = "the wrong way round",
        ["05.1"] = "Glorot's variance",
        ["05.2"] = "reverse order",
        ["05.3"] = "count columns (units)",
        ["06.1"] = "share of entries",
        ["06.2"] = "right for positive inputs but wrong for negative ones",
        ["06.3"] = "a fraction lies between 0 and 1",
        ["07.1"] = "not one less",
        ["07.2"] = "Keras' convention",
        ["07.3"] = "WITHOUT batch norm",
        ["09.1"] = "not the best answer",
        ["09.2"] = "at least 8",
        ["09.3"] = "compare the gradient norm of layer 1",
    };

    public static TheoryData<string, string> WrongAnswers
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (id, fragment) in Fragments)
            {
                data.Add(id, fragment);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Check_InstructorSolution_Passes(string id)
    {
        var result = Check(id, "right");
        Assert.True(result.Passed, result.ToString());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Check_ReleasedStub_IsNotAnsweredYet(string id)
    {
        var result = Check(id, "stub");
        Assert.False(result.Passed);
        Assert.True(result.NotAnswered, result.ToString());
        Assert.Contains("not answered yet", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WrongAnswers))]
    public void Check_TypicalWrongAnswer_GetsItsSpecificHint(string id, string fragment)
    {
        var result = Check(id, "wrong");
        Assert.False(result.Passed);
        Assert.False(result.NotAnswered);
        Assert.Contains(fragment, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongAnswerTable_CoversEveryExercise()
    {
        Assert.Equal(IdList.Order(StringComparer.Ordinal), Fragments.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void KeyHash_DependsOnIdAndKey_NotOnCaseOrSpaces()
    {
        Assert.Equal(GradientCourse.Exercises.KeyHash("09.1", "C"), GradientCourse.Exercises.KeyHash("09.1", " c "));
        Assert.NotEqual(GradientCourse.Exercises.KeyHash("09.1", "C"), GradientCourse.Exercises.KeyHash("09.1", "D"));
        Assert.NotEqual(GradientCourse.Exercises.KeyHash("09.1", "C"), GradientCourse.Exercises.KeyHash("03.1", "C"));
    }

    [Fact]
    public void Quiz_KeyHashMatchingNoOption_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => GradientCourse.Exercises.Quiz("09.1", () => "A", CaseOptions, GradientCourse.Exercises.KeyHash("09.1", "E"), "h"));
        Assert.Contains("keyHash", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quiz_UnknownKey_ListsTheKeys()
    {
        var result = GradientCourse.Exercises.Quiz("09.1", () => "Z", CaseOptions, GradientCourse.Exercises.KeyHash("09.1", "C"), "h");
        Assert.False(result.Passed);
        Assert.Contains("A, C, D", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quiz_RightAnswer_ExplainsEveryOption()
    {
        var result = Check("09.1", "right");
        Assert.All(CaseOptions, o => Assert.Contains(o.Explanation, result.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckBackward_ForgottenIncomingGradient_SaysSo()
    {
        var result = GradientCourse.Exercises.CheckBackward("03.1", (x, d) => x.Select(v => Activations.Sigmoid.Value(v) * (1 - Activations.Sigmoid.Value(v))).ToArray(), Activations.Sigmoid);
        Assert.Contains("does not depend on dY", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckHeNormal_UniformSampler_NamesTheShape()
    {
        var result = GradientCourse.Exercises.CheckHeNormal("05.1", (i, o, s) => Sample(i, o, s, () => Math.Sqrt(2.0 / i), uniform: true));
        Assert.Contains("not normal", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenRuns_FirstFiveCases_CoverEveryCause()
    {
        Assert.Equal(BrokenRuns.Causes.Order(), Enumerable.Range(1, 5).Select(BrokenRuns.CauseOf).Order());
    }
}
