namespace GradientCourse.Runner.Notebooks;

/// <summary>A notebook file that is not a readable nbformat 4 C# notebook; the message names the file.</summary>
public sealed class NotebookFormatException : Exception
{
    public NotebookFormatException(string message) : base(message) { }

    public NotebookFormatException(string message, Exception inner) : base(message, inner) { }

    public NotebookFormatException() { }
}
