using System.Text;
using System.Text.Json.Nodes;
using GradientCourse.Runner.Execution;

namespace GradientCourse.Runner.Tests.Engine;

/// <summary>Output caps hold while capturing: what is over the cap is counted, never stored.</summary>
public class CellOutputsTests
{
    [Fact]
    public void HundredMegabytesOfText_KeepsOneMegabyte_CountsTheRest()
    {
        var outputs = new CellOutputs(OutputLimits.Default);
        var chunk = new string('x', 1023) + "\n";
        for (var i = 0; i < 100 * 1024; i++)
        {
            outputs.AppendStream("stdout", chunk);
        }

        var snapshot = outputs.Snapshot();

        var kept = string.Concat(snapshot[0]["text"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(1024 * 1024, Encoding.UTF8.GetByteCount(kept));
        Assert.Equal(99L * 1024 * 1024, outputs.DroppedBytes);
        Assert.Equal(OutputLimits.Marker(99L * 1024 * 1024), string.Concat(snapshot[1]["text"]!.AsArray().Select(l => l!.GetValue<string>())));
        Assert.Equal("… output truncated: 103809024 bytes not shown\n", OutputLimits.Marker(99L * 1024 * 1024));
    }

    [Fact]
    public void AfterTheFirstCut_LaterSmallWritesAreDropped_SoWhatIsShownStaysInOrder()
    {
        var outputs = new CellOutputs(new OutputLimits(10, 1000));

        outputs.AppendStream("stdout", "0123456\n89AB\n");
        outputs.AppendStream("stdout", "z");
        outputs.Add(new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/plain"] = "v" } });
        outputs.Add(new JsonObject { ["output_type"] = "error", ["ename"] = "E", ["evalue"] = "kept", ["traceback"] = new JsonArray() });

        var types = outputs.Snapshot().Select(o => o["output_type"]!.GetValue<string>()).ToList();
        Assert.Equal(["stream", "error", "stream"], types);
        Assert.Equal("0123456\n", string.Concat(outputs.Snapshot()[0]["text"]!.AsArray().Select(l => l!.GetValue<string>())));
    }

    [Fact]
    public void DisplayData_OverTheTotalCap_IsDroppedAndCounted()
    {
        var outputs = new CellOutputs(new OutputLimits(1000, 200));
        var big = new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/plain"] = new string('y', 500) } };
        var size = Encoding.UTF8.GetByteCount(big.ToJsonString());

        outputs.Add(big);

        Assert.Equal(size, outputs.DroppedBytes);
        Assert.Single(outputs.Snapshot());
    }

    [Theory]
    [InlineData("abc\ndef", 5, "abc\n")]
    [InlineData("abcdef", 4, "abcd")]
    [InlineData("éé", 3, "é")]
    [InlineData("a😀b", 3, "a")]
    [InlineData("a😀b", 5, "a😀")]
    public void Prefix_NeverSplitsCharacters_PrefersWholeLines(string text, long bytes, string expected) =>
        Assert.Equal(expected, CellOutputs.Prefix(text, bytes));
}
