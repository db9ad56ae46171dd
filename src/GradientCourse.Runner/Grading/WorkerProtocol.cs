using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GradientCourse.Runner.Grading;

/// <summary>What a worker run is for.</summary>
public enum WorkerMode
{
    /// <summary>Trusted: the instructor's notebook (with hidden cells); report the probes it declares and the instructor's results.</summary>
    Record,

    /// <summary>Untrusted: a rebuilt student notebook (no check or hidden cells); answer only the grader's calls.</summary>
    Grade,
}

/// <summary>One code cell the worker runs, in order.</summary>
/// <param name="Label">"cell 7 (id 'ex-01-1-answer')", for messages.</param>
/// <param name="Role">The cell's role.</param>
/// <param name="Exercise">The exercise of an answer or hidden cell.</param>
/// <param name="Source">The code.</param>
public sealed record WorkerCell(string Label, CellRole Role, string? Exercise, string Source);

/// <summary>"Call <paramref name="Function"/> on <paramref name="ArgumentsJson"/>": data only, chosen by the grader.</summary>
/// <param name="Id">Index of the call in the job.</param>
/// <param name="Function">The function's name (a C# identifier).</param>
/// <param name="ArgumentsJson">The arguments as a JSON array.</param>
public sealed record ProbeCall(int Id, string Function, string ArgumentsJson);

/// <summary>What the grader sends a worker on its standard input. It never holds an expected result, a hidden test
/// (in grade mode) or a key.</summary>
/// <param name="Mode">Record or grade.</param>
/// <param name="CellTimeoutSeconds">Longest one cell or one call may run.</param>
/// <param name="Cells">The cells to run.</param>
/// <param name="Calls">The calls to answer after the cells (in record mode, the recorded probes follow them).</param>
public sealed record WorkerJob(WorkerMode Mode, double CellTimeoutSeconds, IReadOnlyList<WorkerCell> Cells, IReadOnlyList<ProbeCall> Calls);

/// <summary>One line of a worker's report: untrusted data, never a verdict.</summary>
/// <param name="Kind">"cell" (a cell failed), "probes" (record mode: the probes declared), "call" (a call's outcome) or "done".</param>
/// <param name="Index">The cell index or the call id.</param>
/// <param name="Exercise">The failed cell's exercise.</param>
/// <param name="Status">For "cell": error, timeout or memory; for "call": see <see cref="ProbeOutcome.Status"/>.</param>
/// <param name="Message">What happened.</param>
/// <param name="Value">The call's result, or the declared probes.</param>
public sealed record WorkerMessage(string Kind, int Index, string? Exercise, string? Status, string? Message, JsonNode? Value);

/// <summary>
/// The worker's result channel: one line per message, <c>GCW2 {json}</c>, on its standard output. Student code can
/// write to the same stream; the grader treats every line as untrusted data (a second result for the same call is a
/// protocol violation), bounds the line length and the total, and never reads a verdict from it.
/// </summary>
public static class WorkerProtocol
{
    /// <summary>Prefix of a report line.</summary>
    public const string Prefix = "GCW2 ";

    internal static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>Formats one line.</summary>
    public static string Format(WorkerMessage message) => Prefix + JsonSerializer.Serialize(message, Json);

    /// <summary>Reads one line: the message, or null when the line is not one.</summary>
    public static WorkerMessage? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var start = line.LastIndexOf(Prefix, StringComparison.Ordinal); // writes without a newline may precede it
        if (start < 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WorkerMessage>(line[(start + Prefix.Length)..], Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Reads lines from a stream without ever holding more than <c>maxLine</c> bytes of one line: longer lines
/// are cut (and counted as violations); reading stops after <c>maxTotal</c> bytes.</summary>
public sealed class BoundedLineReader(Stream stream, int maxLine, long maxTotal)
{
    /// <summary>Lines longer than the limit (their content was dropped).</summary>
    public int OverlongLines { get; private set; }

    /// <summary>True when the stream delivered more than the total limit.</summary>
    public bool Flooded { get; private set; }

    /// <summary>Bytes read so far.</summary>
    public long Total { get; private set; }

    /// <summary>Reads until the end of the stream or the total limit; calls <paramref name="onLine"/> for each
    /// complete line of at most the limit (UTF-8, without the newline).</summary>
    public void Run(Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        var buffer = new byte[65536];
        var line = new MemoryStream();
        var skipping = false;
        while (true)
        {
            int read;
            try
            {
                read = stream.Read(buffer, 0, buffer.Length);
            }
            catch (IOException)
            {
                break;
            }

            if (read <= 0)
            {
                break;
            }

            Total += read;
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                Append(line, buffer, start, i - start, ref skipping);
                if (!skipping)
                {
                    onLine(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length));
                }

                line.SetLength(0);
                skipping = false;
                start = i + 1;
            }

            Append(line, buffer, start, read - start, ref skipping);
            if (Total > maxTotal)
            {
                Flooded = true;
                break;
            }
        }
    }

    private void Append(MemoryStream line, byte[] buffer, int start, int count, ref bool skipping)
    {
        if (skipping || count == 0)
        {
            return;
        }

        if (line.Length + count > maxLine)
        {
            OverlongLines++;
            skipping = true;
            line.SetLength(0);
            return;
        }

        line.Write(buffer, start, count);
    }
}
