using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace GradientCourse.Runner.Tests;

/// <summary>A minimal PNG reader (8-bit RGB/RGBA, non-interlaced, as browsers write them), independent of the code
/// under test: signature, size, and the pixels, so a test can tell a drawn chart from a blank image.</summary>
internal sealed class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private Png(int width, int height, int channels, byte[] pixels, IReadOnlyList<string> chunks)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
        Chunks = chunks;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>Row-major, <see cref="Channels"/> bytes per pixel, filters undone.</summary>
    public byte[] Pixels { get; }

    /// <summary>Chunk types in file order (e.g. IHDR, IDAT, IEND; tIME would carry a timestamp).</summary>
    public IReadOnlyList<string> Chunks { get; }

    public static Png Decode(byte[] bytes)
    {
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(Signature), "not a PNG: wrong signature");
        int width = 0, height = 0, channels = 0;
        var chunks = new List<string>();
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]); // bit depth
                channels = data[9] switch
                {
                    2 => 3,
                    6 => 4,
                    var other => throw new NotSupportedException($"PNG color type {other}"),
                };
                Assert.Equal(0, data[12]); // not interlaced
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }
        var raw = inflated.ToArray();
        var stride = width * channels;
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                int value = raw[(y * (stride + 1)) + 1 + x];
                pixels[(y * stride) + x] = (byte)(filter switch
                {
                    0 => value,
                    1 => value + a,
                    2 => value + b,
                    3 => value + ((a + b) / 2),
                    4 => value + Paeth(a, b, c),
                    _ => throw new NotSupportedException($"PNG filter {filter}"),
                });
            }
        }
        return new Png(width, height, channels, pixels, chunks);
    }

    /// <summary>Variance of the pixels' gray level (0 for a blank image).</summary>
    public double GrayVariance()
    {
        double sum = 0, squares = 0;
        var n = Width * Height;
        for (var i = 0; i < n; i++)
        {
            var p = i * Channels;
            var gray = (Pixels[p] + Pixels[p + 1] + Pixels[p + 2]) / 3.0;
            sum += gray;
            squares += gray * gray;
        }
        var mean = sum / n;
        return (squares / n) - (mean * mean);
    }

    /// <summary>Number of distinct RGB colors.</summary>
    public int DistinctColors()
    {
        var colors = new HashSet<int>();
        for (var p = 0; p < Pixels.Length; p += Channels)
        {
            colors.Add((Pixels[p] << 16) | (Pixels[p + 1] << 8) | Pixels[p + 2]);
        }
        return colors.Count;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Every chart output (text/html with a chart container) of an executed notebook.</summary>
    public static List<JsonObject> ChartOutputs(JsonObject executed) =>
        Runner.CodeCells(executed).SelectMany(c => c["outputs"]!.AsArray().Select(o => o!.AsObject()))
            .Where(o => o["data"]?["text/html"] is { } html && Runner.Text(html).Contains("gc-chart", StringComparison.Ordinal))
            .ToList();

    /// <summary>Asserts what an executed notebook must carry for each chart: a PNG that decodes to a drawn image of
    /// the size its metadata states, and a one-line text/plain description.</summary>
    public static void AssertChartsHaveImages(JsonObject executed, string name, int minimumCharts)
    {
        var charts = ChartOutputs(executed);
        Assert.True(charts.Count >= minimumCharts, $"{name}: {charts.Count} chart outputs, expected at least {minimumCharts}");
        foreach (var chart in charts)
        {
            var plain = Runner.Text(chart["data"]!["text/plain"]);
            Assert.DoesNotContain('\n', plain.TrimEnd('\n'));
            Assert.StartsWith("Chart: ", plain, StringComparison.Ordinal);
            Assert.True(plain.Length < 300, $"{name}: text/plain of a chart is {plain.Length} characters: {plain[..Math.Min(200, plain.Length)]}");
            Assert.True(chart["data"]!["image/png"] is not null, $"{name}: chart '{plain}' has no image/png");
            var png = Decode(Convert.FromBase64String(Runner.Text(chart["data"]!["image/png"])));
            Assert.Equal(chart["metadata"]!["image/png"]!["width"]!.GetValue<int>(), png.Width);
            Assert.Equal(chart["metadata"]!["image/png"]!["height"]!.GetValue<int>(), png.Height);
            Assert.True(png.Width >= 300 && png.Height >= 200, $"{name}: '{plain}' is {png.Width}×{png.Height}");
            Assert.DoesNotContain("tIME", png.Chunks);
            Assert.True(png.GrayVariance() > 50, $"{name}: '{plain}' looks blank (gray variance {png.GrayVariance():0.0})");
            Assert.True(png.DistinctColors() > 20, $"{name}: '{plain}' has only {png.DistinctColors()} colors");
        }
    }
}
