using GradientCourse;

namespace GradientCourse.Tests.Data;

public class ElectricityDataTests
{
    private static readonly IReadOnlyList<ElectricityRecord> Series = ElectricityData.Generate();

    [Fact]
    public void Generate_DefaultSeed_ReproducesCommittedCsvByteForByte()
    {
        var committed = File.ReadAllBytes(RepoFiles.Path("data/electricity.csv"));
        var regenerated = System.Text.Encoding.UTF8.GetBytes(ElectricityData.ToCsv(ElectricityData.Generate(ElectricityData.DefaultYear, ElectricityData.DefaultSeed)));
        Assert.Equal(committed.Length, regenerated.Length);
        Assert.True(committed.AsSpan().SequenceEqual(regenerated), "data/electricity.csv differs from ElectricityData.Generate(); regenerate it (see data/README.md).");
    }

    [Fact]
    public void Load_CommittedCsv_RoundTripsTheGeneratedRecords()
    {
        var loaded = ElectricityData.Load(RepoFiles.Path("data/electricity.csv"));
        Assert.Equal(Series, loaded);
    }

    [Fact]
    public void Generate_OneYear_HasEveryHourOnceInOrder()
    {
        Assert.Equal(8760, Series.Count);
        for (var i = 1; i < Series.Count; i++)
        {
            Assert.Equal(TimeSpan.FromHours(1), Series[i].Timestamp - Series[i - 1].Timestamp);
        }

        Assert.Equal(0, Series[0].Hour);
        Assert.Equal(6, Series[0].DayOfWeek); // 2023-01-01 was a Sunday
    }

    [Fact]
    public void Generate_DifferentSeed_GivesDifferentSeries() =>
        Assert.NotEqual(ElectricityData.ToCsv(Series), ElectricityData.ToCsv(ElectricityData.Generate(seed: 7)));

    [Fact]
    public void Holidays_2023_AreTheDocumentedDates()
    {
        var expected = new[] { new DateOnly(2023, 1, 1), new DateOnly(2023, 4, 7), new DateOnly(2023, 4, 10), new DateOnly(2023, 5, 1), new DateOnly(2023, 12, 25), new DateOnly(2023, 12, 26) };
        Assert.Equal(expected, ElectricityData.Holidays(2023).Order());
        Assert.Equal(6 * 24, Series.Count(r => r.IsHoliday));
    }

    [Fact]
    public void Consumption_DailyCycle_EveningPeakAboveNightTrough()
    {
        double Mean(int hour, bool weekday) => Series.Where(r => r.Hour == hour && (r.DayOfWeek < 5) == weekday && !r.IsHoliday).Average(r => r.ConsumptionMw);
        Assert.True(Mean(19, true) - Mean(4, true) > 150, "weekday evening peak should exceed the night trough by > 150 MW");
        Assert.True(Mean(8, true) - Mean(8, false) > 60, "weekday mornings should be busier than weekend mornings");
    }

    [Fact]
    public void Consumption_Temperature_HeatingBelow15AndCoolingAbove22()
    {
        // Same hour of day, workdays only: cold hours and hot hours both draw more than mild ones.
        var workday18 = Series.Where(r => r.Hour == 18 && r.DayOfWeek < 5 && !r.IsHoliday).ToList();
        var cold = workday18.Where(r => r.TemperatureC < 3).Average(r => r.ConsumptionMw);
        var mild = workday18.Where(r => r.TemperatureC is > 15 and < 20).Average(r => r.ConsumptionMw);
        var hot = workday18.Where(r => r.TemperatureC > 26).Average(r => r.ConsumptionMw);
        Assert.True(cold > mild + 60, $"cold {cold:F0} MW vs mild {mild:F0} MW");
        Assert.True(hot > mild + 20, $"hot {hot:F0} MW vs mild {mild:F0} MW");
    }

    [Fact]
    public void Features_ShapesAndScales_AreReadyForANetwork()
    {
        var x = ElectricityData.Features(Series);
        Assert.Equal(Series.Count, x.Rows);
        Assert.Equal(ElectricityData.FeatureNames.Count, x.Cols);
        var temperature = x.Column(6);
        Assert.Equal(0, temperature.Average(), 10);
        Assert.Equal(1, Math.Sqrt(temperature.Select(v => v * v).Average()), 10);
        var (y, mean, std) = ElectricityData.Target(Series);
        Assert.Equal(Series[100].ConsumptionMw, (y[100, 0] * std) + mean, 9);
    }

    [Fact]
    public void Load_MissingFile_SaysWhereTheDataLives()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ElectricityData.Load("/nonexistent/electricity.csv"));
        Assert.Contains("data/electricity.csv", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedLine_NamesTheLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gc-electricity-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, ElectricityData.CsvHeader + "\n2023-01-01T00:00,0,6,1,-1.8,74\n");
        try
        {
            var ex = Assert.Throws<FormatException>(() => ElectricityData.Load(path));
            Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("2023-01-01T01:00,1,6,1,NaN,74,500.0", "temperature_c is NaN", "not a finite number")]
    [InlineData("2023-01-01T01:00,1,6,1,-1.8,Infinity,500.0", "humidity_pct is Infinity", "not a finite number")]
    [InlineData("2023-01-01T01:00,1,6,1,-1.8,74,1e999", "consumption_mw is 1e999", "not a finite number")]
    [InlineData("2023-01-01T01:00,24,6,1,-1.8,74,500.0", "hour is 24, out of range", "expected 0 to 23")]
    [InlineData("2023-01-01T01:00,-1,6,1,-1.8,74,500.0", "hour is -1, out of range", "expected 0 to 23")]
    [InlineData("2023-01-01T01:00,1,7,1,-1.8,74,500.0", "day_of_week is 7, out of range", "expected 0 to 6")]
    [InlineData("2023-01-01T01:00,1,6,1,75.0,74,500.0", "temperature_c is 75.0, out of range", "expected -60 to 60 °C")]
    [InlineData("2023-01-01T01:00,1,6,1,-80.0,74,500.0", "temperature_c is -80.0, out of range", "expected -60 to 60 °C")]
    [InlineData("2023-01-01T01:00,1,6,1,-1.8,101,500.0", "humidity_pct is 101, out of range", "expected 0 to 100 %")]
    [InlineData("2023-01-01T01:00,1,6,2,-1.8,74,500.0", "is_holiday is \"2\"", "expected 0 (no) or 1 (yes)")]
    [InlineData("2023-01-01T01:00,1,6,yes,-1.8,74,500.0", "is_holiday is \"yes\"", "expected 0 (no) or 1 (yes)")]
    [InlineData("2023-01-01T01:00,1,6,1,-1.8,74,-3.5", "consumption_mw is -3.5, out of range", "expected a value ≥ 0 MW")]
    [InlineData("2023-01-01T01:00,99999999999,6,1,-1.8,74,500.0", "hour is 99999999999, which overflows a 32-bit integer", "expected a whole number from 0 to 23")]
    [InlineData("2023-01-01T01:00,1,6,1,warm,74,500.0", "temperature_c is \"warm\", not a number", "'.' as the separator")]
    [InlineData("2023-13-01T01:00,1,6,1,-1.8,74,500.0", "timestamp is \"2023-13-01T01:00\"", "yyyy-MM-ddTHH:mm")]
    public void Load_BadValue_ThrowsNamingFileLineColumnAndRange(string badLine, string what, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gc-electricity-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, ElectricityData.CsvHeader + "\n2023-01-01T00:00,0,6,1,-1.8,74,500.0\n" + badLine + "\n");
        try
        {
            var ex = Assert.Throws<FormatException>(() => ElectricityData.Load(path));
            Assert.Contains($"{path}, line 3: ", ex.Message, StringComparison.Ordinal);
            Assert.Contains(what, ex.Message, StringComparison.Ordinal);
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
