namespace GradientCourse.Runner.Notebooks;

/// <summary>A notebook file that is not a readable nbformat 4 C# notebook; the message names the file.</summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>A refusal with its message (which names the file).</summary>
    public NotebookFormatException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal caused by <paramref name="inner"/>.</summary>
    public NotebookFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A refusal without a message.</summary>
    public NotebookFormatException()
    {
    }
}
