using System.Globalization;
using System.Text;

namespace GradientCourse;

/// <summary>
/// The case study's data (notebooks/09-case-study-electricity.ipynb): a seeded generator of an hourly,
/// one-year electricity-consumption series for a mid-size city, its CSV form, and features for a network.
/// The data are synthetic; the structure (daily and weekly cycles, holidays, heating below 15 °C, cooling
/// above 22 °C amplified by humidity, autocorrelated noise) is what a utility's load data show.
/// </summary>
public static class ElectricityData
{
    /// <summary>The year and seed of the committed data/electricity.csv.</summary>
    public const int DefaultYear = 2023;

    /// <summary>The seed of the committed data/electricity.csv.</summary>
    public const int DefaultSeed = 2023;

    /// <summary>The CSV header, in column order.</summary>
    public const string CsvHeader = "timestamp,hour,day_of_week,is_holiday,temperature_c,humidity_pct,consumption_mw";

    /// <summary>The feature names of <see cref="Features"/>, in column order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
        ["hour_sin", "hour_cos", "day_sin", "day_cos", "weekend", "holiday", "temperature", "humidity"];

    /// <summary>Generates every hour of <paramref name="year"/>; the same year and seed give the same series.</summary>
    public static IReadOnlyList<ElectricityRecord> Generate(int year = DefaultYear, int seed = DefaultSeed)
    {
        if (year is < 1900 or > 2200)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "year must be between 1900 and 2200.");
        }

        var random = Seeds.Create(seed);
        var holidays = Holidays(year);
        var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var hours = (int)(start.AddYears(1) - start).TotalHours;
        var records = new List<ElectricityRecord>(hours);
        double weather = 0, humidityNoise = 0, loadNoise = 0;
        for (var i = 0; i < hours; i++)
        {
            var t = start.AddHours(i);
            var dayOfYear = t.DayOfYear - 1;
            var dow = ((int)t.DayOfWeek + 6) % 7; // Monday = 0
            var holiday = holidays.Contains(DateOnly.FromDateTime(t));

            // Weather: a seasonal mean, a daily swing peaking mid-afternoon, and autocorrelated weather systems.
            weather = (0.97 * weather) + (0.6 * random.NextGaussian());
            var seasonal = 11.0 - (11.0 * Math.Cos(2 * Math.PI * (dayOfYear - 20) / 365.0));
            var swing = (4.0 + (1.5 * Math.Sin(2 * Math.PI * (dayOfYear - 110) / 365.0))) * Math.Cos(2 * Math.PI * (t.Hour - 15) / 24.0);
            var temperature = Math.Round(seasonal + swing + weather, 1);

            // Humidity: highest at dawn, lower on warm afternoons, with its own noise.
            humidityNoise = (0.9 * humidityNoise) + (2.0 * random.NextGaussian());
            var humidity = Math.Round(Math.Clamp(72 - (2.0 * swing) - (0.5 * weather) + humidityNoise, 20, 100), 0);

            // Load: base, daily profile (workday vs weekend/holiday), heating and cooling, growth, noise.
            var restDay = dow >= 5 || holiday;
            var profile = DailyProfile(t.Hour, restDay) - (restDay ? 60 : 0);
            var heating = 9.0 * Math.Max(0, 15 - temperature);
            var cooling = 11.0 * Math.Max(0, temperature - 22) * (1 + (0.01 * (humidity - 50)));
            var growth = 1 + (0.005 * i / hours);
            loadNoise = (0.8 * loadNoise) + (7.0 * random.NextGaussian());
            var load = Math.Round((growth * (520 + profile + heating + cooling)) + loadNoise, 1);
            records.Add(new ElectricityRecord(t, t.Hour, dow, holiday, temperature, humidity, load));
        }

        return records;
    }

    /// <summary>The series as CSV text: <see cref="CsvHeader"/>, then one line per hour, invariant culture, "\n" line ends.</summary>
    public static string ToCsv(IReadOnlyList<ElectricityRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(records.Count * 48);
        sb.Append(CsvHeader).Append('\n');
        foreach (var r in records)
        {
            sb.Append(c, $"{r.Timestamp:yyyy-MM-ddTHH:mm},{r.Hour},{r.DayOfWeek},{(r.IsHoliday ? 1 : 0)},{r.TemperatureC:F1},{r.HumidityPct:F0},{r.ConsumptionMw:F1}").Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The lowest temperature <see cref="Load"/> accepts, in °C (colder is taken for a data error).</summary>
    public const double MinTemperatureC = -60;

    /// <summary>The highest temperature <see cref="Load"/> accepts, in °C (hotter is taken for a data error).</summary>
    public const double MaxTemperatureC = 60;

    /// <summary>
    /// Reads a CSV written by <see cref="ToCsv"/> (e.g. data/electricity.csv). Every value is checked: hour 0–23,
    /// day_of_week 0–6, is_holiday 0 or 1, temperature_c <see cref="MinTemperatureC"/>…<see cref="MaxTemperatureC"/>,
    /// humidity_pct 0–100, consumption_mw ≥ 0, no NaN or ∞, no integer too large for its type.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="FormatException">The header is wrong or a line is malformed or out of range; the message names
    /// the file, the line number, the column, the value found and what is expected.</exception>
    public static IReadOnlyList<ElectricityRecord> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No electricity data at '{Path.GetFullPath(path)}'; the course ships it as data/electricity.csv (relative to the repository root).", path);
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != CsvHeader)
        {
            throw new FormatException($"{path}: the first line must be the header \"{CsvHeader}\".");
        }

        var records = new List<ElectricityRecord>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var f = lines[i].Split(',');
            if (f.Length != 7)
            {
                throw new FormatException($"{path}, line {i + 1}: expected 7 comma-separated values, found {f.Length}.");
            }

            var where = $"{path}, line {i + 1}";
            records.Add(new ElectricityRecord(
                ParseTimestamp(f[0], where),
                ParseInt(f[1], "hour", 0, 23, where),
                ParseInt(f[2], "day_of_week", 0, 6, where, " (Monday = 0)"),
                ParseFlag(f[3], "is_holiday", where),
                ParseDouble(f[4], "temperature_c", MinTemperatureC, MaxTemperatureC, where, " °C"),
                ParseDouble(f[5], "humidity_pct", 0, 100, where, " %"),
                ParseDouble(f[6], "consumption_mw", 0, double.MaxValue, where, " MW")));
        }

        return records;
    }

    /// <summary>
    /// Inputs for a network, one row per hour: hour of day and day of week as points on a circle (sin, cos),
    /// weekend and holiday flags, and temperature and humidity standardized (z-scores); see <see cref="FeatureNames"/>.
    /// </summary>
    public static Matrix Features(IReadOnlyList<ElectricityRecord> records)
    {
        RequireRecords(records);
        var x = new Matrix(records.Count, FeatureNames.Count);
        var (tMean, tStd) = MeanStd(records.Select(r => r.TemperatureC));
        var (hMean, hStd) = MeanStd(records.Select(r => r.HumidityPct));
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var row = x.Row(i);
            row[0] = Math.Sin(2 * Math.PI * r.Hour / 24);
            row[1] = Math.Cos(2 * Math.PI * r.Hour / 24);
            row[2] = Math.Sin(2 * Math.PI * r.DayOfWeek / 7);
            row[3] = Math.Cos(2 * Math.PI * r.DayOfWeek / 7);
            row[4] = r.DayOfWeek >= 5 ? 1 : 0;
            row[5] = r.IsHoliday ? 1 : 0;
            row[6] = (r.TemperatureC - tMean) / tStd;
            row[7] = (r.HumidityPct - hMean) / hStd;
        }

        return x;
    }

    /// <summary>The target as a column: consumption standardized, (MW − mean) / std; returns the mean and std to convert back.</summary>
    public static (Matrix Y, double MeanMw, double StdMw) Target(IReadOnlyList<ElectricityRecord> records)
    {
        RequireRecords(records);
        var (mean, std) = MeanStd(records.Select(r => r.ConsumptionMw));
        var y = new Matrix(records.Count, 1);
        for (var i = 0; i < records.Count; i++)
        {
            y.Data[i] = (records[i].ConsumptionMw - mean) / std;
        }

        return (y, mean, std);
    }

    /// <summary>
    /// The public holidays used: New Year's Day, Good Friday, Easter Monday, 1 May, Christmas Day and 26 December
    /// (Easter by the Gregorian computus).
    /// </summary>
    public static IReadOnlySet<DateOnly> Holidays(int year)
    {
        var easter = EasterSunday(year);
        return new HashSet<DateOnly>
        {
            new(year, 1, 1), easter.AddDays(-2), easter.AddDays(1), new(year, 5, 1), new(year, 12, 25), new(year, 12, 26),
        };
    }

    private static DateTime ParseTimestamp(string text, string where)
    {
        if (!DateTime.TryParseExact(text, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            throw new FormatException($"{where}: timestamp is \"{text}\"; expected a date and hour as yyyy-MM-ddTHH:mm (e.g. 2023-01-01T00:00).");
        }

        return t;
    }

    private static int ParseInt(string text, string column, int min, int max, string where, string note = "")
    {
        var c = CultureInfo.InvariantCulture;
        if (!int.TryParse(text, NumberStyles.Integer, c, out var value))
        {
            if (System.Numerics.BigInteger.TryParse(text, NumberStyles.Integer, c, out _))
            {
                throw new FormatException(
                    $"{where}: {column} is {text}, which overflows a 32-bit integer; expected a whole number from {min} to {max}{note}. Fix or remove that line.");
            }

            throw new FormatException($"{where}: {column} is \"{text}\", not a whole number; expected {min} to {max}{note}.");
        }

        if (value < min || value > max)
        {
            throw new FormatException($"{where}: {column} is {value}, out of range; expected {min} to {max}{note}. Fix or remove that line.");
        }

        return value;
    }

    private static bool ParseFlag(string text, string column, string where) => text switch
    {
        "1" => true,
        "0" => false,
        _ => throw new FormatException($"{where}: {column} is \"{text}\"; expected 0 (no) or 1 (yes)."),
    };

    private static double ParseDouble(string text, string column, double min, double max, string where, string unit)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"{where}: {column} is \"{text}\", not a number; expected a decimal with '.' as the separator (e.g. 12.5).");
        }

        if (!double.IsFinite(value))
        {
            throw new FormatException($"{where}: {column} is {text}, which is not a finite number; remove or impute missing values (NaN/∞) before loading.");
        }

        if (value < min || value > max)
        {
            var range = max == double.MaxValue ? $"a value ≥ {min.ToString(CultureInfo.InvariantCulture)}{unit}" : $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}{unit}";
            throw new FormatException($"{where}: {column} is {text}, out of range; expected {range}. Fix or remove that line.");
        }

        return value;
    }

    private static double DailyProfile(int hour, bool restDay)
    {
        // Bumps on a 24-hour circle: night trough, morning ramp (smaller on rest days), midday plateau, evening peak.
        double Bump(double center, double width)
        {
            var d = Math.Abs(hour - center);
            d = Math.Min(d, 24 - d);
            return Math.Exp(-0.5 * d * d / (width * width));
        }

        return (-110 * Bump(3.5, 2.5)) + ((restDay ? 35 : 85) * Bump(8.5, 1.8)) + (45 * Bump(13, 3)) + (135 * Bump(19, 2.2));
    }

    private static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var mean = v.Average();
        var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
        return (mean, std > 0 ? std : 1);
    }

    private static void RequireRecords(IReadOnlyList<ElectricityRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new ArgumentException("records is empty; load data/electricity.csv or call ElectricityData.Generate().", nameof(records));
        }
    }
}
