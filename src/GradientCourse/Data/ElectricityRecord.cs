namespace GradientCourse;

/// <summary>One hour of the synthetic electricity-consumption series (see data/README.md).</summary>
/// <param name="Timestamp">Start of the hour, local time.</param>
/// <param name="Hour">Hour of day, 0–23.</param>
/// <param name="DayOfWeek">0 = Monday … 6 = Sunday.</param>
/// <param name="IsHoliday">True on a public holiday.</param>
/// <param name="TemperatureC">Air temperature in °C.</param>
/// <param name="HumidityPct">Relative humidity in %.</param>
/// <param name="ConsumptionMw">Average load over the hour in MW (the target).</param>
public sealed record ElectricityRecord(
    DateTime Timestamp,
    int Hour,
    int DayOfWeek,
    bool IsHoliday,
    double TemperatureC,
    double HumidityPct,
    double ConsumptionMw);
