using System.Globalization;
using System.Text.Json.Nodes;
using GradientCourse.Playground.Engine;
using GradientCourse.Runner.Tests;

namespace GradientCourse.Playground.Tests;

/// <summary>The published playground in Debian's headless Chromium, served by the runner from the built course site.</summary>
[Collection("playground site")]
public sealed class BrowserTests(PlaygroundSite site)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [ChromiumFact]
    public async Task CourseIndex_PlaygroundLink_ServedAppLoads()
    {
        Assert.True(File.Exists(Path.Combine(site.SiteDirectory, "playground", "index.html")), site.BuildLog);
        await using var browser = await Chromium.StartAsync();
        await browser.NavigateAsync(site.Address + "index.html");
        Assert.Equal("playground/index.html", Text(await browser.EvaluateAsync("document.querySelector('#playground-link a').getAttribute('href')")));
        Assert.True(Bool(await browser.EvaluateAsync("document.getElementById('playground-file-note').hidden")), "the file:// note shows over http");
        await browser.EvaluateAsync("document.querySelector('#playground-link a').click()");
        Assert.True(await browser.WaitForAsync("document.querySelector('#pg-status')?.dataset.ready === '1'", Long), "the playground did not start");
        Assert.True(browser.Errors.IsEmpty, string.Join('\n', browser.Errors));
    }

    [ChromiumFact]
    public async Task CourseIndex_OpenedFromFile_ExplainsServe()
    {
        await using var browser = await Chromium.StartAsync();
        await browser.NavigateAsync(new Uri(Path.Combine(site.SiteDirectory, "index.html")).AbsoluteUri);
        Assert.False(Bool(await browser.EvaluateAsync("document.getElementById('playground-file-note').hidden")));
        Assert.Contains("-- serve", Text(await browser.EvaluateAsync("document.getElementById('playground-link').innerText")), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Sigmoid20Layers_Play100Steps_CurvesDrawnAndVanishingReported()
    {
        await using var browser = await Chromium.StartAsync();
        await Open(browser, "depth=20&width=16&act=sigmoid&init=glorot_uniform&bn=0&lr=0.05&until=100");
        await Play(browser, 100);
        Assert.Equal("100", await Status(browser, "step"));
        Assert.Equal("vanishing", await Status(browser, "verdict"));
        var first = double.Parse(await Status(browser, "firstGrad"), CultureInfo.InvariantCulture);
        var bars = await browser.EvaluateAsync("Array.from(document.querySelectorAll('svg.grad-bars rect')).map(r => r.querySelector('title').textContent)");
        Assert.Equal(21, bars!.AsArray().Count);
        Assert.True(first < 1e-4, $"first-layer gradient norm {first} is not tiny");
        Assert.True(Int(await browser.EvaluateAsync("document.querySelectorAll('svg.heatmap rect').length")) >= 21 * 50, "heatmap not drawn");
        Assert.True(Int(await browser.EvaluateAsync("document.querySelector('svg.loss-chart polyline.train').getAttribute('points').split(' ').length")) >= 50, "loss curve not drawn");
        await Screenshot(browser, "sigmoid-20-layers-vanishing");
        Assert.True(browser.Errors.IsEmpty, string.Join('\n', browser.Errors));
    }

    [ChromiumFact]
    public async Task SwitchToReluHe_Play_ValidationLossFalls()
    {
        await using var browser = await Chromium.StartAsync();
        await Open(browser, "depth=20&width=16&act=sigmoid&init=glorot_uniform&bn=0&lr=0.05");
        await Select(browser, "depth", "6");
        await Select(browser, "act", "relu");
        await Select(browser, "init", "he_normal");
        await Select(browser, "until", "300");
        Assert.Contains("act=relu&init=he_normal", Text(await browser.EvaluateAsync("location.hash")), StringComparison.Ordinal);
        await Play(browser, 300);
        var initial = double.Parse(await Status(browser, "valInitial"), CultureInfo.InvariantCulture);
        var final = double.Parse(await Status(browser, "valLoss"), CultureInfo.InvariantCulture);
        Assert.True(final < 0.3 * initial, $"validation loss {initial} → {final}: ReLU + He did not train");
        Assert.NotEqual("vanishing", await Status(browser, "verdict"));
        await Screenshot(browser, "relu-he-trains");
        Assert.True(browser.Errors.IsEmpty, string.Join('\n', browser.Errors));
    }

    [ChromiumFact]
    public async Task ExplodingConfiguration_Play_DivergenceReportNamesStepLayerQuantity()
    {
        await using var browser = await Chromium.StartAsync();
        await Open(browser, "depth=10&width=32&act=relu&init=he_normal&bn=0&lr=1&until=200");
        await Play(browser, 200);
        Assert.Equal("1", await Status(browser, "diverged"));
        var report = (await browser.EvaluateAsync("(() => { const d = document.getElementById('divergence'); return { step: d.dataset.step, layer: d.dataset.layer, quantity: d.dataset.quantity, text: d.innerText }; })()"))!.AsObject();
        Assert.False(string.IsNullOrEmpty(Text(report["quantity"])));
        Assert.Contains($"step {Text(report["step"])}", Text(report["text"]), StringComparison.Ordinal);
        var loss = await Status(browser, "loss");
        Assert.True(loss.Length == 0 || double.IsFinite(double.Parse(loss, CultureInfo.InvariantCulture)), $"a non-finite loss was shown: {loss}");
        Assert.DoesNotContain("NaN", Text(await browser.EvaluateAsync("document.querySelector('svg.loss-chart').outerHTML")), StringComparison.Ordinal);
        await Screenshot(browser, "exploding-divergence-report");
        Assert.True(browser.Errors.IsEmpty, string.Join('\n', browser.Errors));
    }

    [ChromiumFact]
    public async Task DeepLink_Opened_EveryControlRestoredAndCopyAsCSharpMatches()
    {
        const string hash = "data=moons&depth=7&width=9&act=elu&init=lecun_normal&bn=1&clip=norm&clipat=2.5&opt=adam&lr=0.003&batch=16&seed=42&speed=7";
        await using var browser = await Chromium.StartAsync();
        await Open(browser, hash);
        var values = (await browser.EvaluateAsync(
            "['data','depth','width','act','init','clip','clipat','opt','lr','batch','seed','speed'].map(id => document.getElementById(id).value).concat([String(document.getElementById('bn').checked)])"))!.AsArray()
            .Select(Text).ToArray();
        Assert.Equal(["moons", "7", "9", "elu", "lecun_normal", "norm", "2.5", "adam", "0.003", "16", "42", "7", "true"], values);
        Assert.Equal(hash, await Status(browser, "hash"));
        await browser.EvaluateAsync("document.getElementById('step').click()");
        await browser.EvaluateAsync("document.getElementById('copy-cs').click()");
        Assert.True(await browser.WaitForAsync("document.getElementById('csharp') !== null", Long));
        var code = Text(await browser.EvaluateAsync("document.getElementById('csharp').textContent"));
        Assert.Equal(PlaygroundConfig.FromHash(hash).ToCSharp(1), code);
        await Screenshot(browser, "deep-link-moons");
        Assert.True(browser.Errors.IsEmpty, string.Join('\n', browser.Errors));
    }

    /// <summary>Opens the playground at a hash (from a blank page, so that the app starts afresh) and waits until it is ready.</summary>
    internal static async Task Open(Chromium browser, string hash, PlaygroundSite site)
    {
        await browser.NavigateAsync("about:blank");
        await browser.NavigateAsync(site.Playground(hash));
        Assert.True(await browser.WaitForAsync("document.querySelector('#pg-status')?.dataset.ready === '1'", Long),
            "the playground did not start: " + string.Join('\n', browser.Errors));
    }

    private Task Open(Chromium browser, string hash) => Open(browser, hash, site);

    /// <summary>Presses play and waits until it stops by itself (step limit or divergence).</summary>
    internal static async Task Play(Chromium browser, int until)
    {
        await browser.EvaluateAsync("document.getElementById('play').click()");
        Assert.True(await browser.WaitForAsync(
            $"(() => {{ const s = document.getElementById('pg-status').dataset; return s.playing === '0' && (Number(s.step) >= {until} || s.diverged === '1'); }})()", Long),
            "play did not finish");
    }

    private static async Task Select(Chromium browser, string id, string value) =>
        await browser.EvaluateAsync($"(() => {{ const e = document.getElementById('{id}'); e.value = '{value}'; e.dispatchEvent(new Event('change', {{ bubbles: true }})); }})()");

    internal static async Task<string> Status(Chromium browser, string key) =>
        Text(await browser.EvaluateAsync($"document.getElementById('pg-status').dataset.{key}"));

    private static async Task Screenshot(Chromium browser, string name) =>
        await File.WriteAllBytesAsync(Path.Combine(PlaygroundSite.Artifacts, name + ".png"), await browser.ScreenshotAsync());

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? string.Empty;

    private static bool Bool(JsonNode? node) => node?.GetValue<bool>() ?? false;

    private static int Int(JsonNode? node) => node?.GetValue<int>() ?? 0;
}
