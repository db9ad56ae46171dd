using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GradientCourse.Runner.Grading;

/// <summary>One code cell the worker runs, in order.</summary>
public sealed record WorkerCell(string Label, CellRole Role, string? Exercise, string Source);

/// <summary>What the grader sends the worker on its standard input (after the key line).</summary>
public sealed record WorkerJob(string NotebookPath, double CellTimeoutSeconds, IReadOnlyList<WorkerCell> Cells);

/// <summary>One report from the worker: a check verdict, or how a cell ended.</summary>
/// <param name="Kind">"verdict" (one CheckResult of a check or hidden cell), "cell" (a cell failed: compile error,
/// exception, timeout) or "done" (all cells were attempted).</param>
/// <param name="Cell">Index of the cell in the job.</param>
/// <param name="Role">The cell's role.</param>
/// <param name="Exercise">The exercise id (of the verdict, or of the cell).</param>
/// <param name="Passed">The verdict.</param>
/// <param name="NotAnswered">The answer still threw NotImplementedException.</param>
/// <param name="Message">What was found, or why the cell failed.</param>
/// <param name="Hint">The check's hint.</param>
/// <param name="Status">For a failed cell: "error", "timeout" or "memory".</param>
public sealed record WorkerReport(string Kind, int Cell, CellRole Role, string? Exercise, bool Passed, bool NotAnswered,
    string Message, string? Hint, string? Status);

/// <summary>
/// The worker's result channel. Each report is one stdout line <c>GCV1 seq payload mac</c> where payload is the
/// base64 JSON report and mac = HMAC-SHA256(key, "seq payload"). The 32-byte key is random per worker run and
/// reaches the worker on its standard input, which it reads before any notebook code runs; notebook code can
/// print anything, but cannot produce a line the grader accepts without the key, nor reorder or replay one
/// (the sequence number is inside the MAC and must increase by one).
/// </summary>
public static class WorkerProtocol
{
    /// <summary>Prefix of a report line.</summary>
    public const string Prefix = "GCV1 ";

    internal static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>Formats one authenticated line.</summary>
    public static string Seal(HMAC mac, long sequence, WorkerReport report)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var payload = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(report, Json));
        var signed = sequence.ToString(CultureInfo.InvariantCulture) + " " + payload;
        return Prefix + signed + " " + Convert.ToHexString(mac.ComputeHash(Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>Reads one line: the report when it carries a valid MAC and the expected sequence number.</summary>
    public static WorkerReport? Open(byte[] key, long expectedSequence, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var start = line.LastIndexOf(Prefix, StringComparison.Ordinal); // writes without newline may precede it
        if (start < 0)
            return null;
        var parts = line[(start + Prefix.Length)..].TrimEnd('\r').Split(' ');
        if (parts.Length != 3 || parts[0] != expectedSequence.ToString(CultureInfo.InvariantCulture))
            return null;
        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }
        var actual = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + " " + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(actual, claimed))
            return null;
        try
        {
            return JsonSerializer.Deserialize<WorkerReport>(Convert.FromBase64String(parts[1]), Json);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }
}
