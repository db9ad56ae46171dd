namespace GradientCourse;

/// <summary>Inputs X (examples × features) and targets Y (examples × outputs); deconstructs as <c>var (x, y) = data;</c>.</summary>
/// <param name="X">Inputs, one example per row.</param>
/// <param name="Y">Targets, one row per example (a value, a 0/1 label, or a one-hot row).</param>
public sealed record Dataset(Matrix X, Matrix Y)
{
    /// <summary>Number of examples.</summary>
    public int Count => X.Rows;

    /// <summary>Number of input features.</summary>
    public int Features => X.Cols;

    /// <summary>Number of target columns.</summary>
    public int Outputs => Y.Cols;

    /// <inheritdoc />
    public override string ToString() => $"Dataset({Count} examples, {Features} features → {Outputs} outputs)";
}
