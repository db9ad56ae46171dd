using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Formatting;

namespace GradientCourse.Runner.Execution;

/// <summary>Turns values into nbformat mime bundles the way the .NET Interactive kernel does for Jupyter: the
/// type's preferred mime types (text/html for most values, e.g. <c>&lt;div class="dni-plaintext"&gt;&lt;pre&gt;42&lt;/pre&gt;&lt;/div&gt;</c>)
/// plus text/plain.</summary>
public static partial class ValueFormatter
{
    /// <summary>The mime bundle for a value (null formats as Formatter's null text).</summary>
    public static JsonObject ToMimeBundle(object? value, IReadOnlyCollection<string>? mimeTypes = null)
    {
        var types = new List<string>();
        if (mimeTypes is { Count: > 0 })
        {
            types.AddRange(mimeTypes);
        }
        else if (value is not null)
        {
            types.AddRange(Formatter.GetPreferredMimeTypesFor(value.GetType()));
        }
        else
        {
            types.Add(HtmlFormatter.MimeType);
        }
        if (!types.Contains(PlainTextFormatter.MimeType))
        {
            types.Add(PlainTextFormatter.MimeType);
        }

        var bundle = new JsonObject();
        foreach (var mime in types.Distinct())
        {
            bundle[mime] = Notebooks.NotebookFile.ToLines(Stable(Formatter.ToDisplayString(value!, mime)));
        }
        return bundle;
    }

    /// <summary>The formatter's text without what differs from process to process: a member that throws while being
    /// formatted shows its stack trace, whose compiled-expression frames are numbered in the order the process compiled
    /// them (<c>lambda_method157</c>); the number is dropped so that two builds write the same bytes.</summary>
    public static string Stable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("lambda_method", StringComparison.Ordinal) ? LambdaMethodNumber().Replace(text, "lambda_method") : text;
    }

    [GeneratedRegex(@"lambda_method\d+")]
    private static partial Regex LambdaMethodNumber();

    /// <summary>An execute_result output for a cell's trailing expression.</summary>
    public static JsonObject ExecuteResult(object? value, int executionCount) => new()
    {
        ["output_type"] = "execute_result",
        ["data"] = ToMimeBundle(value),
        ["metadata"] = new JsonObject(),
        ["execution_count"] = executionCount,
    };

    /// <summary>A display_data output for <c>display(value)</c>.</summary>
    public static JsonObject DisplayData(object? value, IReadOnlyCollection<string>? mimeTypes) => new()
    {
        ["output_type"] = "display_data",
        ["data"] = ToMimeBundle(value, mimeTypes),
        ["metadata"] = new JsonObject(),
    };

    /// <summary>An error output.</summary>
    public static JsonObject Error(string ename, string evalue, IEnumerable<string> traceback) => new()
    {
        ["output_type"] = "error",
        ["ename"] = ename,
        ["evalue"] = evalue,
        ["traceback"] = new JsonArray([.. traceback.Select(t => (JsonNode?)JsonValue.Create(t))]),
    };
}
