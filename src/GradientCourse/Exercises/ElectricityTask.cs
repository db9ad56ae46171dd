namespace GradientCourse;

/// <summary>
/// Notebook 09's task in one object: the electricity data split into training hours and validation weeks
/// (every fourth week of the year), the target in standard units, and the validation RMSE in MW.
/// </summary>
public sealed class ElectricityTask
{
    private static readonly Dictionary<string, ElectricityTask> Cache = [];

    private ElectricityTask(IReadOnlyList<ElectricityRecord> records)
    {
        var x = ElectricityData.Features(records);
        var (y, meanMw, stdMw) = ElectricityData.Target(records);
        int[] train = [.. Enumerable.Range(0, records.Count).Where(i => !IsValidation(records[i]))];
        int[] valid = [.. Enumerable.Range(0, records.Count).Where(i => IsValidation(records[i]))];
        (XTrain, YTrain, XValid, YValid, MeanMw, StdMw) = (x.SelectRows(train), y.SelectRows(train), x.SelectRows(valid), y.SelectRows(valid), meanMw, stdMw);
    }

    /// <summary>Training features (8 per hour).</summary>
    public Matrix XTrain { get; }

    /// <summary>Training target in standard units.</summary>
    public Matrix YTrain { get; }

    /// <summary>Validation features.</summary>
    public Matrix XValid { get; }

    /// <summary>Validation target in standard units.</summary>
    public Matrix YValid { get; }

    /// <summary>Mean load in MW.</summary>
    public double MeanMw { get; }

    /// <summary>Standard deviation of the load in MW (one standard unit).</summary>
    public double StdMw { get; }

    /// <summary>True for the hours of every fourth week (weeks counted from 1 January): the validation weeks.</summary>
    public static bool IsValidation(ElectricityRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Timestamp.DayOfYear - 1) / 7 % 4 == 3;
    }

    /// <summary>Loads (once per path) and splits the CSV at <paramref name="path"/>.</summary>
    public static ElectricityTask Load(string path)
    {
        var full = Path.GetFullPath(path);
        lock (Cache)
        {
            if (!Cache.TryGetValue(full, out var task))
            {
                task = new ElectricityTask(ElectricityData.Load(full));
                Cache[full] = task;
            }

            return task;
        }
    }

    /// <summary>The model's validation RMSE in MW (eval mode).</summary>
    public double ValidationRmseMw(Mlp model) => Math.Sqrt(Trainer.Evaluate(model, XValid, YValid, Losses.MeanSquaredError)) * StdMw;
}
