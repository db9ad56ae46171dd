namespace GradientCourse.Tests.NotebookClaims;

/// <summary>The claims helpers (tests/Shared/Claims.cs) read printed numbers exactly as QuotedNumbersTests does.</summary>
public class ClaimsReadingTests
{
    [Theory]
    [InlineData("ratio 2.9e-13, loss 0.0761 (8.71E+175), step 3, -0.64")]
    [InlineData("dL/dw3 = 5.508e-02   dL/dw2 = 4.543e-02   dL/dw1 = -1.893e-02")]
    [InlineData("layer 1 (dense1)  torch ‖dW‖ 0.745774  library 0.745774  ‖db‖ 0.220024")]
    [InlineData("TorchSharp 0.107.0.0, 0.25^5 = 0.0009765625  ≈ 0.00098, share 76.9 %")]
    public void Numbers_SameAsQuotedNumbersTextNumbers(string line) =>
        Assert.Equal(QuotedNumbersTests.TextNumbers(line), Claims.Numbers(line));

    [Fact]
    public void After_FirstNumberAfterTheLabel() =>
        Assert.Equal(4.5e-5, Claims.After("x =   10   σ = 0.99995   σ(1−σ) = 4.5e-05", "σ(1−σ) ="));

    [Fact]
    public void Signed_KeepsSignsTypographicMinusAndExponents() =>
        Assert.Equal([0.0, -10.92, -0.5, 1e-3, 2.9e13, -4.0], Claims.Signed("step  0: mean -10.92, dip −0.5 at 1e-3 (2.9E+13), dense1 -4"));

    [Fact]
    public void LayerValues_EachLayersSignedValue() =>
        Assert.Equal(new Dictionary<int, double> { [1] = -14.5, [10] = 8.25 }, Claims.LayerValues("log10 ‖dW‖: layer 1 -14.5, layer 10 8.25"));

    [Fact]
    public void Figure_ReadsTheRunnersChartHtml()
    {
        var html = "<div id=\"c\"></div>\n<script>\n  var figure = {\"data\":[{\"y\":[1.0,2.0]}],\"layout\":{}};\n  var draw = 1;\n</script>";

        var figure = Claims.Figure(html);

        Assert.Equal(2.0, figure["data"]![0]!["y"]![1]!.GetValue<double>());
    }
}
