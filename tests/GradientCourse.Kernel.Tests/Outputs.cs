using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GradientCourse.Kernel.Tests;

/// <summary>One output of a cell, as the comparison sees it.</summary>
internal abstract record Output;

/// <summary>All the text a cell wrote to one stream, in order.</summary>
internal sealed record StreamOutput(string Name, string Text) : Output;

/// <summary>A Plotly chart: its figure's data and layout.</summary>
internal sealed record ChartOutput(JsonNode Data, JsonNode Layout) : Output;

/// <summary>Any other displayed or returned value: its text/html and text/plain renderings (either may be absent).</summary>
internal sealed record ValueOutput(string? Html, string? Plain, string MimeTypes) : Output;

/// <summary>An error output.</summary>
internal sealed record ErrorOutput(string Text) : Output;

/// <summary>THE place where outputs of the real kernel and of the course runner are normalised before they are
/// compared. Every rule that makes two outputs count as equal is here, with its reason; nothing else is forgiven.</summary>
internal static class Outputs
{
    /// <summary>Turns a cell's nbformat outputs into comparable outputs. <paramref name="fromKernel"/> enables the
    /// rules that remove what only the kernel shows.</summary>
    public static List<Output> Normalise(JsonArray outputs, bool fromKernel)
    {
        var result = new List<Output>();
        foreach (var node in outputs)
        {
            var output = node!.AsObject();
            var type = output["output_type"]!.GetValue<string>();
            if (type == "stream")
            {
                var name = output["name"]!.GetValue<string>();
                var text = Notebook.Text(output["text"]);

                // Rule 1, stream chunking: the kernel sends one stream message per Console.Write(Line) call, the
                // runner one per cell; consecutive chunks of the same stream are joined.
                if (result.Count > 0 && result[^1] is StreamOutput last && last.Name == name)
                {
                    result[^1] = last with { Text = last.Text + text };
                }
                else
                {
                    result.Add(new StreamOutput(name, text));
                }

                continue;
            }

            if (type == "error")
            {
                result.Add(new ErrorOutput($"{output["ename"]}: {output["evalue"]}"));
                continue;
            }

            var data = output["data"]!.AsObject();
            var html = data["text/html"] is { } h ? Notebook.Text(h) : null;
            var plain = data["text/plain"] is { } p ? Notebook.Text(p) : null;
            if (fromKernel && IsKernelOnly(html, plain))
            {
                continue;
            }

            // Rule 5, charts: Plotly.NET.Interactive writes `var data = …; var layout = …;` inside a require.js loader
            // with a fresh div id and a CDN address; the runner writes `var figure = {data, layout}` for its offline
            // plotly.js (and may add an image beside it). Only the figure is compared: data and layout, JSON-equal.
            if (html is not null && Figure(html) is { } chart)
            {
                result.Add(chart);
                continue;
            }

            // Rule 6, values: the kernel gives a value as text/html (the .NET Interactive formatter) or text/plain; the
            // runner adds a text/plain rendering beside text/html for readers without HTML (and may add images). What
            // the kernel gives is compared: the runner must give the same text for each of those MIME types. Line
            // endings are \n on both sides (the kernel's formatter writes \r\n in places).
            result.Add(new ValueOutput(html is null ? null : Lines(html), plain is null ? null : Lines(plain), string.Join(",", data.Select(d => d.Key))));
        }

        return result;
    }

    /// <summary>What the kernel shows that is no output of the notebook's code.</summary>
    private static bool IsKernelOnly(string? html, string? plain) =>
        // Rule 2: the kernel reports the packages a #r "nuget: …" cell restores ("Installing Packages", updated in place
        // to "Installed Packages"); the runner ships those packages and restores nothing.
        (html?.Contains("<strong>Installed Packages</strong>", StringComparison.Ordinal) ?? false)
        || (html?.Contains("<strong>Installing Packages</strong>", StringComparison.Ordinal) ?? false)
        // Rule 3: the kernel's first display in a notebook is its own JavaScript bootstrap (it probes the kernel's
        // HTTP addresses from the output cell, div id dotnet-interactive-this-cell-…).
        || (html?.Contains("dotnet-interactive-this-cell", StringComparison.Ordinal) ?? false)
        // Rule 4: loading Plotly.NET.Interactive (a kernel extension in that package) is announced as
        // "Loading extensions from `…/Plotly.NET.Interactive.dll`"; the runner has that formatter built in.
        || (html is null && (plain?.StartsWith("Loading extensions from ", StringComparison.Ordinal) ?? false));

    /// <summary>The Plotly figure in a chart's HTML (either writer), or null when the HTML is no chart.</summary>
    public static ChartOutput? Figure(string html)
    {
        if (JsonAfter(html, "var figure = ") is JsonObject figure)
        {
            return new ChartOutput(figure["data"] ?? new JsonArray(), figure["layout"] ?? new JsonObject());
        }

        if (JsonAfter(html, "var data = ") is JsonArray data && JsonAfter(html, "var layout = ") is JsonObject layout)
        {
            return new ChartOutput(data, layout);
        }

        return null;
    }

    /// <summary>The first difference between two comparable outputs, or null when they are equal (rule 7: JSON
    /// numbers are compared as numbers, so 1 and 1.0 are equal; everything else is compared exactly).</summary>
    public static string? Difference(Output kernel, Output runner)
    {
        switch (kernel, runner)
        {
            case (ChartOutput k, ChartOutput r):
                return JsonDifference(k.Data, r.Data, "data") ?? JsonDifference(k.Layout, r.Layout, "layout");
            case (StreamOutput k, StreamOutput r) when k.Name == r.Name:
                return k.Text == r.Text ? null : $"{k.Name} differs:\n--- kernel\n{k.Text}\n--- runner\n{r.Text}";
            case (ValueOutput k, ValueOutput r):
                if (k.Html is null && k.Plain is null)
                {
                    return k.MimeTypes == r.MimeTypes ? null : $"value of types {k.MimeTypes} in the kernel, {r.MimeTypes} in the runner";
                }

                if (k.Html is not null && k.Html != r.Html)
                {
                    return $"text/html value differs:\n--- kernel\n{Short(k.Html)}\n--- runner\n{Short(r.Html ?? "(none)")}";
                }

                return k.Plain is not null && k.Plain != r.Plain
                    ? $"text/plain value differs:\n--- kernel\n{Short(k.Plain)}\n--- runner\n{Short(r.Plain ?? "(none)")}"
                    : null;
            default:
                return $"kernel has {Describe(kernel)}, runner has {Describe(runner)}";
        }
    }

    public static string Describe(Output output) => output switch
    {
        StreamOutput s => $"{s.Name} \"{Short(s.Text)}\"",
        ChartOutput => "a chart",
        ValueOutput v => $"a value ({v.MimeTypes}) \"{Short(v.Html ?? v.Plain ?? "")}\"",
        ErrorOutput e => $"an error \"{Short(e.Text)}\"",
        _ => output.ToString(),
    };

    private static string? JsonDifference(JsonNode? a, JsonNode? b, string path)
    {
        switch (a, b)
        {
            case (null, null):
                return null;
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                {
                    if (!x.ContainsKey(key) || !y.ContainsKey(key))
                    {
                        return $"{path}.{key}: only in the {(x.ContainsKey(key) ? "kernel" : "runner")}'s figure";
                    }

                    if (JsonDifference(x[key], y[key], $"{path}.{key}") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count)
                {
                    return $"{path}: {x.Count} items in the kernel's figure, {y.Count} in the runner's";
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (JsonDifference(x[i], y[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case (JsonValue x, JsonValue y):
                if (x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number)
                {
                    return x.GetValue<double>() == y.GetValue<double>() ? null : $"{path}: kernel {x}, runner {y}";
                }

                return x.ToJsonString() == y.ToJsonString() ? null : $"{path}: kernel {x.ToJsonString()}, runner {y.ToJsonString()}";
            default:
                return $"{path}: kernel {a?.ToJsonString() ?? "null"}, runner {b?.ToJsonString() ?? "null"}";
        }
    }

    /// <summary>Parses the JSON value that starts right after <paramref name="marker"/>.</summary>
    private static JsonNode? JsonAfter(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(html[(start + marker.Length)..]);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = false });
        try
        {
            return JsonNode.Parse(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Short(string text) => text.Length <= 400 ? text : text[..400] + "…";

    /// <summary>Invariant formatting for messages.</summary>
    public static string Seconds(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);
}
