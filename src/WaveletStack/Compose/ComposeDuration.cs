using System.Globalization;
using System.Text.RegularExpressions;

namespace WaveletStack.Compose;

/// <summary>Compose durations ("1s", "1m30s", "500ms"): Go's duration syntax, as the docker CLI reads them.</summary>
public static partial class ComposeDuration
{
    public static TimeSpan Parse(string text, string field)
    {
        var matches = Part().Matches(text);
        if (text.Length == 0 || matches.Sum(m => m.Length) != text.Length)
            throw new UserErrorException($"The compose template's {field} \"{text}\" is not a duration; write it like 500ms, 1s or 1m30s.");
        var ticks = 0.0;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += value * m.Groups[2].Value switch
            {
                "ns" => 0.01, "us" or "µs" => 10, "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond, "m" => TimeSpan.TicksPerMinute, _ => TimeSpan.TicksPerHour,
            };
        }
        return TimeSpan.FromTicks((long)ticks);
    }

    public static long? Nanoseconds(string? text, string field) =>
        text is null ? null : Parse(text, field).Ticks * 100;

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
