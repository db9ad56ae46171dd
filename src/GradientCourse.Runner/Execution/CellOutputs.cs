using System.Text;
using System.Text.Json.Nodes;

namespace GradientCourse.Runner.Execution;

/// <summary>The outputs of one running cell, in the order they happen (streams merge while uninterrupted).</summary>
public sealed class CellOutputs
{
    private readonly List<JsonObject> _outputs = [];
    private readonly Lock _gate = new();
    private StringBuilder? _openStream;
    private string? _openStreamName;

    /// <summary>Appends text to the current stream output, or starts a new one.</summary>
    public void AppendStream(string name, string text)
    {
        if (text.Length == 0)
            return;
        lock (_gate)
        {
            if (_openStream is null || _openStreamName != name)
            {
                Close();
                _openStream = new StringBuilder();
                _openStreamName = name;
            }
            _openStream.Append(text);
        }
    }

    /// <summary>Adds a display_data / execute_result / error output.</summary>
    public void Add(JsonObject output)
    {
        lock (_gate)
        {
            Close();
            _outputs.Add(output);
        }
    }

    /// <summary>The outputs so far (stream text flushed).</summary>
    public List<JsonObject> Snapshot()
    {
        lock (_gate)
        {
            Close();
            return _outputs.Select(o => (JsonObject)o.DeepClone()).ToList();
        }
    }

    private void Close()
    {
        if (_openStream is null)
            return;
        _outputs.Add(new JsonObject
        {
            ["output_type"] = "stream",
            ["name"] = _openStreamName,
            ["text"] = Notebooks.NotebookFile.ToLines(_openStream.ToString()),
        });
        _openStream = null;
        _openStreamName = null;
    }
}

/// <summary>Console.Out / Console.Error while notebooks run: writes go to the running cell's outputs (found through an
/// AsyncLocal, so a timed-out cell still running cannot write into a later cell), otherwise to the real console.</summary>
public sealed class ConsoleRouter : TextWriter
{
    private static readonly AsyncLocal<CellOutputs?> CurrentCell = new();
    private readonly TextWriter _fallback;
    private readonly string _streamName;

    private ConsoleRouter(TextWriter fallback, string streamName)
    {
        _fallback = fallback;
        _streamName = streamName;
    }

    /// <summary>The real standard output, for the runner's own progress messages.</summary>
    public static TextWriter RealOut { get; private set; } = Console.Out;

    /// <summary>Routes Console.Out and Console.Error once per process.</summary>
    public static void Install()
    {
        if (Console.Out is ConsoleRouter)
            return;
        RealOut = Console.Out;
        Console.SetOut(new ConsoleRouter(Console.Out, "stdout"));
        Console.SetError(new ConsoleRouter(Console.Error, "stderr"));
    }

    /// <summary>Sets the cell whose outputs receive console writes on this execution context.</summary>
    public static void SetCurrent(CellOutputs? outputs) => CurrentCell.Value = outputs;

    /// <summary>The cell running on this execution context, if any.</summary>
    public static CellOutputs? Current => CurrentCell.Value;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (value is null)
            return;
        if (CurrentCell.Value is { } cell)
            cell.AppendStream(_streamName, value);
        else
            _fallback.Write(value);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + NewLine);

    public override void Flush() => _fallback.Flush();
}
