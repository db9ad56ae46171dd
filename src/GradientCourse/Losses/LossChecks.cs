namespace GradientCourse;

/// <summary>Input checks shared by the classification losses: same shape, no NaN, targets in range.</summary>
internal static class LossChecks
{
    /// <summary>Throws unless yHat and y have the same shape and contain no NaN, naming the offender.</summary>
    public static void RequireShapeAndNoNaN(Matrix yHat, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(yHat);
        ArgumentNullException.ThrowIfNull(y);
        Matrix.RequireSameShape(yHat, y, nameof(y));
        RequireNoNaN(yHat, nameof(yHat), "the model produced NaN: gradients probably exploded; lower the learning rate or clip gradients.");
        RequireNoNaN(y, nameof(y), "clean the targets (drop or impute missing values) before computing the loss.");
    }

    /// <summary>Throws unless every target lies in [0, 1].</summary>
    public static void RequireProbabilities(Matrix y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            var v = y.Data[i];
            if (v < 0 || v > 1)
            {
                throw new ArgumentException(
                    $"y[{i / y.Cols}, {i % y.Cols}] is {v}, but targets must be probabilities in [0, 1]; use 0/1 labels (or soft labels in between).",
                    nameof(y));
            }
        }
    }

    private static void RequireNoNaN(Matrix m, string name, string fix)
    {
        for (var i = 0; i < m.Length; i++)
        {
            if (double.IsNaN(m.Data[i]))
            {
                throw new ArgumentException($"{name}[{i / m.Cols}, {i % m.Cols}] is NaN; {fix}", name);
            }
        }
    }
}
