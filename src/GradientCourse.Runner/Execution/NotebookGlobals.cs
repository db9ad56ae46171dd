namespace GradientCourse.Runner.Execution;

/// <summary>What every cell can call without a using, as in the .NET Interactive kernel: <c>display(value)</c>.</summary>
public class NotebookGlobals
{
    /// <summary>Shows a value as a display_data output of the running cell; returns a handle that formats as nothing
    /// useful, so <c>display(x)</c> as a trailing expression adds no second output of interest.</summary>
#pragma warning disable IDE1006, CA1822 // the kernel's name, lower case; an instance member so scripts see it
    public DisplayedValue display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006, CA1822
    {
        var outputs = ConsoleRouter.Current;
        Console.Out.Flush();
        outputs?.Add(ValueFormatter.DisplayData(value, mimeTypes));
        return new DisplayedValue(value);
    }
}

/// <summary>The value <c>display(…)</c> returns.</summary>
public sealed class DisplayedValue
{
    internal DisplayedValue(object? value) => Value = value;

    /// <summary>The displayed value.</summary>
    public object? Value { get; }

    /// <summary>Shows a new value as a further display_data output (the kernel replaces the old one in place;
    /// a static notebook can only append).</summary>
#pragma warning disable CA1822 // instance member, as the kernel's
    public void Update(object? value) => ConsoleRouter.Current?.Add(ValueFormatter.DisplayData(value, null));
#pragma warning restore CA1822
}
