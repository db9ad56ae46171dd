using System.Reflection;
using System.Text;
using System.Text.Json;

namespace GradientCourse;

/// <summary>
/// The data format of probes (see <see cref="Exercises.Probe"/>): arguments and results as JSON. Numbers are JSON
/// numbers (round-trip precision); a non-finite double is <c>{"double": "NaN" | "Infinity" | "-Infinity"}</c>;
/// arrays are JSON arrays; a <see cref="Matrix"/> is the array of its rows. Only data crosses: bool, int, long,
/// double, string, double[], int[], double[][], <see cref="Matrix"/>, and null.
/// </summary>
public static class ProbeJson
{
    /// <summary>A JSON array of the values.</summary>
    public static string Serialize(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                WriteValue(writer, value);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>One value as JSON; throws <see cref="ArgumentException"/> for a type that is not data.</summary>
    public static string SerializeValue(object? value) => Write(writer => WriteValue(writer, value));

    /// <summary>The records as a JSON array of objects (exercise, function, args, tolerance, hints).</summary>
    public static string SerializeRecords(IEnumerable<ProbeRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var record in records)
            {
                writer.WriteStartObject();
                writer.WriteString("exercise", record.ExerciseId);
                writer.WriteString("function", record.Function);
                writer.WritePropertyName("args");
                writer.WriteRawValue(record.ArgumentsJson);
                writer.WriteNumber("tolerance", record.Tolerance);
                writer.WriteStartArray("hints");
                foreach (var hint in record.Hints)
                {
                    writer.WriteStringValue(hint);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>At most 80 characters of <paramref name="json"/> without its outer brackets, for one-line notes.</summary>
    public static string Abbreviate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var inner = json.Length >= 2 && json[0] == '[' && json[^1] == ']' ? json[1..^1] : json;
        return inner.Length <= 80 ? inner : inner[..77] + "...";
    }

    /// <summary>Converts a JSON value to <paramref name="type"/> (a parameter type of a probed function).</summary>
    public static object? ToParameter(JsonElement value, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return value.ValueKind == JsonValueKind.Null ? null : ToParameter(value, underlying);
        }

        if (value.ValueKind == JsonValueKind.Null && !type.IsValueType)
        {
            return null;
        }

        if (type == typeof(bool))
        {
            return value.GetBoolean();
        }

        if (type == typeof(int))
        {
            return value.GetInt32();
        }

        if (type == typeof(long))
        {
            return value.GetInt64();
        }

        if (type == typeof(double))
        {
            return ReadDouble(value);
        }

        if (type == typeof(string))
        {
            return value.GetString();
        }

        if (type == typeof(double[]) || type == typeof(IReadOnlyList<double>) || type == typeof(IEnumerable<double>) || type == typeof(IList<double>))
        {
            return value.EnumerateArray().Select(ReadDouble).ToArray();
        }

        if (type == typeof(List<double>))
        {
            return value.EnumerateArray().Select(ReadDouble).ToList();
        }

        if (type == typeof(int[]) || type == typeof(IReadOnlyList<int>) || type == typeof(IEnumerable<int>))
        {
            return value.EnumerateArray().Select(v => v.GetInt32()).ToArray();
        }

        if (type == typeof(double[][]))
        {
            return ReadRows(value);
        }

        if (type == typeof(Matrix))
        {
            return Matrix.FromRows(ReadRows(value));
        }

        throw new ArgumentException($"a probe cannot pass a {type.Name}: arguments are bool, int, long, double, string, double[], int[], double[][] or Matrix.", nameof(type));
    }

    /// <summary>
    /// Calls <paramref name="function"/> with the arguments of the JSON array <paramref name="argumentsJson"/>, converted
    /// to its parameter types, and returns the outcome as JSON: <c>{"status":"ok","value":…}</c>,
    /// <c>{"status":"not-answered"}</c> (the released stub's NotImplementedException) or
    /// <c>{"status":"error","message":"…"}</c>. Never throws for anything the function does.
    /// </summary>
    public static string Invoke(Delegate function, string argumentsJson)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(argumentsJson);
        var parameters = function.Method.GetParameters();
        object?[] arguments;
        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            var items = document.RootElement.EnumerateArray().ToList();
            if (items.Count != parameters.Length)
            {
                return Error($"{function.Method.Name} takes {parameters.Length} parameter(s), the grader passes {items.Count}: keep the function's signature as released.");
            }

            arguments = [.. items.Select((item, i) => ToParameter(item, parameters[i].ParameterType))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return Error($"the grader's arguments do not fit the parameters of {function.Method.Name} ({e.Message}): keep the function's signature as released.");
        }

        object? result;
        try
        {
            result = function.DynamicInvoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is NotImplementedException)
        {
            return Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("status", "not-answered");
                writer.WriteEndObject();
            });
        }
#pragma warning disable CA1031 // whatever the learner's function throws is reported as data
        catch (Exception e)
#pragma warning restore CA1031
        {
            var inner = e is TargetInvocationException { InnerException: { } thrown } ? thrown : e;
            if (inner is OutOfMemoryException or InsufficientExecutionStackException)
            {
                return Write(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("status", "memory");
                    writer.WriteString("message", $"{inner.GetType().Name}: {inner.Message}");
                    writer.WriteEndObject();
                });
            }

            return Error($"{function.Method.Name} threw {inner.GetType().Name}: {inner.Message}");
        }

        try
        {
            var value = SerializeValue(result);
            return Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("status", "ok");
                writer.WritePropertyName("value");
                writer.WriteRawValue(value);
                writer.WriteEndObject();
            });
        }
        catch (ArgumentException e)
        {
            return Error(e.Message);
        }
    }

    private static string Error(string message) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("status", "error");
        writer.WriteString("message", message);
        writer.WriteEndObject();
    });

    private static double ReadDouble(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("double", out var special))
        {
            return special.GetString() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var other => throw new FormatException($"'{other}' is not a special double"),
            };
        }

        return value.GetDouble();
    }

    private static double[][] ReadRows(JsonElement value) =>
        [.. value.EnumerateArray().Select(row => row.EnumerateArray().Select(ReadDouble).ToArray())];

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case float f:
                WriteDouble(writer, f);
                break;
            case double d:
                WriteDouble(writer, d);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case Matrix m:
                WriteValue(writer, m.ToRows());
                break;
            case IEnumerable<double> doubles:
                writer.WriteStartArray();
                foreach (var d in doubles)
                {
                    WriteDouble(writer, d);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable<int> ints:
                writer.WriteStartArray();
                foreach (var i in ints)
                {
                    writer.WriteNumberValue(i);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable<double[]> rows:
                writer.WriteStartArray();
                foreach (var row in rows)
                {
                    WriteValue(writer, row);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException(
                    $"a probe's values are data (bool, int, long, double, string, double[], int[], double[][], Matrix); {value.GetType().Name} is not.", nameof(value));
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("double", double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        writer.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
