using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GradientCourse.Runner.Execution;

/// <summary>Caps on the outputs one cell may keep, as Jupyter front ends cap long outputs: what is over the cap is
/// counted, not stored, and a marker says how much was cut.</summary>
/// <param name="TextBytes">Console text (stdout and stderr together), in UTF-8 bytes.</param>
/// <param name="TotalBytes">Everything the cell shows (text, displayed values, its value), in UTF-8 bytes of JSON.</param>
public sealed record OutputLimits(long TextBytes, long TotalBytes)
{
    /// <summary>1 MB of console text and 8 MB in all per cell (a course chart is a few hundred kB).</summary>
    public static OutputLimits Default { get; } = new(1024 * 1024, 8 * 1024 * 1024);

    /// <summary>The marker that replaces what was cut.</summary>
    public static string Marker(long bytes) =>
        $"… output truncated: {bytes.ToString(CultureInfo.InvariantCulture)} bytes not shown\n";
}

/// <summary>The outputs of one running cell, in the order they happen (streams merge while uninterrupted), capped
/// while they are captured (<see cref="OutputLimits"/>): a cell printing 100 MB keeps 1 MB and a count.</summary>
public sealed class CellOutputs
{
    private readonly List<JsonObject> outputs = [];
    private readonly Lock gate = new();
    private readonly OutputLimits limits;
    private StringBuilder? openStream;
    private string? openStreamName;
    private long textBytes;
    private long totalBytes;
    private long droppedBytes;
    private bool full;
    private string droppedStream = "stdout";

    /// <summary>Collects outputs within <paramref name="limits"/> (default: <see cref="OutputLimits.Default"/>).</summary>
    public CellOutputs(OutputLimits? limits = null) => this.limits = limits ?? OutputLimits.Default;

    /// <summary>Bytes that were over the caps and not kept.</summary>
    public long DroppedBytes
    {
        get
        {
            lock (gate)
            {
                return droppedBytes;
            }
        }
    }

    /// <summary>Appends text to the current stream output, or starts a new one; text over the caps is only counted.</summary>
    public void AppendStream(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return;
        }
        lock (gate)
        {
            var room = full ? 0 : Math.Min(limits.TextBytes - textBytes, limits.TotalBytes - totalBytes);
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (bytes > room)
            {
                // From the first cut on, everything but errors is only counted: what is shown stays in order.
                full = true;
                var kept = Prefix(text, Math.Max(0, room));
                var keptBytes = Encoding.UTF8.GetByteCount(kept);
                if (droppedBytes == 0)
                {
                    droppedStream = name;
                }
                droppedBytes += bytes - keptBytes;
                text = kept;
                bytes = keptBytes;
                if (text.Length == 0)
                {
                    return;
                }
            }
            if (openStream is null || openStreamName != name)
            {
                Close();
                openStream = new StringBuilder();
                openStreamName = name;
            }
            openStream.Append(text);
            textBytes += bytes;
            totalBytes += bytes;
        }
    }

    /// <summary>Adds a display_data / execute_result / error output (dropped and counted when over the total cap;
    /// error outputs are always kept).</summary>
    public void Add(JsonObject output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (gate)
        {
            var isError = output["output_type"]?.GetValue<string>() == "error";
            var bytes = Encoding.UTF8.GetByteCount(output.ToJsonString());
            if (!isError && (full || totalBytes + bytes > limits.TotalBytes))
            {
                full = true;
                if (droppedBytes == 0)
                {
                    droppedStream = "stdout";
                }
                droppedBytes += bytes;
                return;
            }
            Close();
            outputs.Add(output);
            totalBytes += bytes;
        }
    }

    /// <summary>The outputs so far (stream text flushed), ending with the truncation marker when something was cut.</summary>
    public List<JsonObject> Snapshot()
    {
        lock (gate)
        {
            Close();
            var copy = outputs.Select(o => (JsonObject)o.DeepClone()).ToList();
            if (droppedBytes > 0)
            {
                copy.Add(Stream(droppedStream, OutputLimits.Marker(droppedBytes)));
            }
            return copy;
        }
    }

    /// <summary>The longest prefix of <paramref name="text"/> of at most <paramref name="maxBytes"/> UTF-8 bytes that
    /// does not split a surrogate pair, cut after its last newline when it has one (whole lines read better).</summary>
    internal static string Prefix(string text, long maxBytes)
    {
        long bytes = 0;
        var length = 0;
        while (length < text.Length)
        {
            var c = text[length];
            var pair = char.IsHighSurrogate(c) && length + 1 < text.Length && char.IsLowSurrogate(text[length + 1]);
            var size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (bytes + size > maxBytes)
            {
                break;
            }
            bytes += size;
            length += pair ? 2 : 1;
        }
        if (length == text.Length)
        {
            return text;
        }
        var newline = length == 0 ? -1 : text.LastIndexOf('\n', length - 1);
        return newline >= 0 ? text[..(newline + 1)] : text[..length];
    }

    private static JsonObject Stream(string name, string text) => new()
    {
        ["output_type"] = "stream",
        ["name"] = name,
        ["text"] = Notebooks.NotebookFile.ToLines(text),
    };

    private void Close()
    {
        if (openStream is null)
        {
            return;
        }
        outputs.Add(Stream(openStreamName!, openStream.ToString()));
        openStream = null;
        openStreamName = null;
    }
}

/// <summary>Console.Out / Console.Error while notebooks run: writes go to the running cell's outputs (found through an
/// AsyncLocal, so a timed-out cell still running cannot write into a later cell), otherwise to the fallback writers
/// (the real console, or standard error in a worker whose standard output carries its reports).</summary>
public sealed class ConsoleRouter : TextWriter
{
    private static readonly AsyncLocal<CellOutputs?> CurrentCell = new();
    private readonly TextWriter fallback;
    private readonly string streamName;

    private ConsoleRouter(TextWriter fallback, string streamName)
    {
        this.fallback = fallback;
        this.streamName = streamName;
    }

    /// <summary>The real standard output, for the runner's own progress messages.</summary>
    public static TextWriter RealOut { get; private set; } = Console.Out;

    /// <summary>Routes Console.Out and Console.Error once per process; writes outside cells go to the console.</summary>
    public static void Install() => Install(null, null);

    /// <summary>Routes Console.Out and Console.Error once per process; writes outside cells go to
    /// <paramref name="outsideOut"/> and <paramref name="outsideError"/> (null: the console's own).</summary>
    public static void Install(TextWriter? outsideOut, TextWriter? outsideError)
    {
        if (Console.Out is ConsoleRouter)
        {
            return;
        }
        RealOut = Console.Out;
        Console.SetOut(new ConsoleRouter(outsideOut ?? Console.Out, "stdout"));
        Console.SetError(new ConsoleRouter(outsideError ?? Console.Error, "stderr"));
    }

    /// <summary>Sets the cell whose outputs receive console writes on this execution context.</summary>
    public static void SetCurrent(CellOutputs? outputs) => CurrentCell.Value = outputs;

    /// <summary>The cell running on this execution context, if any.</summary>
    public static CellOutputs? Current => CurrentCell.Value;

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc />
    public override void Write(char value) => Write(value.ToString());

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }
        if (CurrentCell.Value is { } cell)
        {
            cell.AppendStream(streamName, value);
        }
        else
        {
            fallback.Write(value);
        }
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc />
    public override void WriteLine(string? value) => Write(value + NewLine);

    /// <inheritdoc />
    public override void Flush() => fallback.Flush();
}
