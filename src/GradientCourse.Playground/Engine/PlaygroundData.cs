namespace GradientCourse.Playground.Engine;

/// <summary>A data set of the playground: training and validation sets, the loss that fits it, how to say it in C#.</summary>
/// <param name="Name">Data set name (see <see cref="PlaygroundConfig.DataSets"/>).</param>
/// <param name="Train">Training set.</param>
/// <param name="Validation">Validation set.</param>
/// <param name="Loss">The loss for its targets.</param>
public sealed record PlaygroundData(string Name, Dataset Train, Dataset Validation, Loss Loss)
{
    /// <summary>Rows of the 1-D regression's training and validation sets (as notebook 03).</summary>
    public const int RegressionCount = 256;

    /// <summary>Rows of each 2-D classification set.</summary>
    public const int ClassificationCount = 300;

    /// <summary>Input and output sizes, the loss and the C# that builds <c>train</c>/<c>validation</c>.</summary>
    /// <param name="Inputs">Input features.</param>
    /// <param name="Outputs">Outputs.</param>
    /// <param name="CSharpLoss">C# expression of the loss.</param>
    /// <param name="CSharpData">C# statements defining <c>train</c> and <c>validation</c>.</param>
    public sealed record Spec(int Inputs, int Outputs, string CSharpLoss, IReadOnlyList<string> CSharpData);

    /// <summary>Is the data a classification (decision boundary) rather than a regression (fitted curve)?</summary>
    public bool IsClassification => Name is "moons" or "spirals";

    /// <summary>The shapes and C# of data set <paramref name="name"/>.</summary>
    public static Spec Describe(string name) => name switch
    {
        "moons" => new Spec(2, 1, "new BinaryCrossEntropyWithLogits()",
        [
            $"var train = Datasets.TwoMoons({ClassificationCount}, noise: 0.15, seed: 1);",
            $"var validation = Datasets.TwoMoons({ClassificationCount}, noise: 0.15, seed: 2);",
        ]),
        "spirals" => new Spec(2, 3, "new SoftmaxCrossEntropy()",
        [
            $"var train = Datasets.Spirals({ClassificationCount}, classes: 3, noise: 0.2, seed: 1);",
            $"var validation = Datasets.Spirals({ClassificationCount}, classes: 3, noise: 0.2, seed: 2);",
        ]),
        "electricity" => new Spec(ElectricityData.FeatureNames.Count, 1, "new MeanSquaredError()",
        [
            "// notebook 09's split: every fourth week is validation",
            "var records = ElectricityData.Load(\"../data/electricity.csv\");",
            "var (X, Y) = (ElectricityData.Features(records), ElectricityData.Target(records).Y);",
            "bool IsValidation(ElectricityRecord r) => (r.Timestamp.DayOfYear - 1) / 7 % 4 == 3;",
            "int[] trainRows = [.. Enumerable.Range(0, records.Count).Where(i => !IsValidation(records[i]))];",
            "int[] validRows = [.. Enumerable.Range(0, records.Count).Where(i => IsValidation(records[i]))];",
            "var train = new Dataset(X.SelectRows(trainRows), Y.SelectRows(trainRows));",
            "var validation = new Dataset(X.SelectRows(validRows), Y.SelectRows(validRows));",
        ]),
        _ => new Spec(1, 1, "new MeanSquaredError()",
        [
            $"var train = Datasets.Regression1D(n: {RegressionCount}, seed: 0);",
            $"var validation = Datasets.Regression1D(n: {RegressionCount}, seed: 1);",
        ]),
    };

    /// <summary>
    /// Builds data set <paramref name="name"/>; the electricity case reads <paramref name="electricityCsvPath"/>
    /// (data/electricity.csv, the file notebook 09 loads).
    /// </summary>
    public static PlaygroundData Create(string name, string? electricityCsvPath = null)
    {
        switch (name)
        {
            case "moons":
                return new PlaygroundData(name, Datasets.TwoMoons(ClassificationCount, 0.15, 1), Datasets.TwoMoons(ClassificationCount, 0.15, 2),
                    new BinaryCrossEntropyWithLogits());
            case "spirals":
                return new PlaygroundData(name, Datasets.Spirals(ClassificationCount, 3, 0.2, 1), Datasets.Spirals(ClassificationCount, 3, 0.2, 2),
                    new SoftmaxCrossEntropy());
            case "electricity":
            {
                var records = ElectricityData.Load(electricityCsvPath ?? throw new ArgumentNullException(nameof(electricityCsvPath)));
                var x = ElectricityData.Features(records);
                var y = ElectricityData.Target(records).Y;
                int[] trainRows = [.. Enumerable.Range(0, records.Count).Where(i => !IsValidation(records[i]))];
                int[] validRows = [.. Enumerable.Range(0, records.Count).Where(i => IsValidation(records[i]))];
                return new PlaygroundData(name, new Dataset(x.SelectRows(trainRows), y.SelectRows(trainRows)),
                    new Dataset(x.SelectRows(validRows), y.SelectRows(validRows)), new MeanSquaredError());
            }

            default:
                return new PlaygroundData("regression", Datasets.Regression1D(RegressionCount, 0), Datasets.Regression1D(RegressionCount, 1),
                    new MeanSquaredError());
        }

        static bool IsValidation(ElectricityRecord r) => (r.Timestamp.DayOfYear - 1) / 7 % 4 == 3;
    }
}
