using System.Globalization;
using System.Text;

namespace WaveletStack.Sim.Cli;

internal enum LogLevel { Debug, Info, Warn, Error, Fatal }

/// <summary>
/// Writes lines the way Wavelet's zerolog console writer does (`3:04PM INF message key: value`),
/// fields sorted by key, so anything that greps the real node's output greps ours too.
/// </summary>
internal static class Log
{
    static readonly Lock Gate = new();
    static TextWriter output = Console.Out;

    public static bool Color { get; set; }
    public static LogLevel MinLevel { get; set; } = LogLevel.Debug;

    /// <summary>
    /// Colour unless --log.nocolor, terminal or not: the real node (and its benchmark) colour their lines
    /// even into a pipe or `docker logs`, so whatever reads our output must cope with that as well.
    /// </summary>
    public static void Configure(bool noColor, string level)
    {
        Color = !noColor;
        MinLevel = level.ToLowerInvariant() switch
        {
            "info" => LogLevel.Info,
            "warn" or "warning" => LogLevel.Warn,
            "error" => LogLevel.Error,
            "fatal" or "panic" => LogLevel.Fatal,
            _ => LogLevel.Debug,
        };
    }

    public static void Debug(string message, params (string Key, object? Value)[] fields) => Write(LogLevel.Debug, message, fields);
    public static void Info(string message, params (string Key, object? Value)[] fields) => Write(LogLevel.Info, message, fields);
    public static void Warn(string message, params (string Key, object? Value)[] fields) => Write(LogLevel.Warn, message, fields);
    public static void Error(string message, params (string Key, object? Value)[] fields) => Write(LogLevel.Error, message, fields);
    public static void Fatal(string message, params (string Key, object? Value)[] fields) => Write(LogLevel.Fatal, message, fields);

    public static void Write(LogLevel level, string message, params (string Key, object? Value)[] fields)
    {
        if (level < MinLevel) return;
        var line = Format(level, message, fields, DateTime.Now, Color);
        lock (Gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    // Colours as the real node's console writer paints them (seen on its output): a dim time, the
    // level in its colour (errors and worse bold red), dim field names, the error field all red.
    internal static string Format(LogLevel level, string message, (string Key, object? Value)[] fields, DateTime time, bool color)
    {
        var sb = new StringBuilder();
        sb.Append(Paint(time.ToString("h:mmtt", CultureInfo.InvariantCulture), Dim, color)).Append(' ');
        sb.Append(PaintLevel(level, color)).Append(' ').Append(message);
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var isError = key == "error";
            sb.Append(' ').Append(Paint(key + ": ", isError ? Red : Dim, color));
            sb.Append(isError ? Paint(FormatValue(value), Red, color) : FormatValue(value));
        }
        return sb.ToString();
    }

    internal static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        double d => FormatFloat(d),
        float f => FormatFloat(f),
        IEnumerable<string> list => "[" + string.Join(",", list.Select(s => "\"" + Escape(s) + "\"")) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    /// <summary>Like Go's strconv 'f' with the shortest precision: no exponent, no trailing zeros.</summary>
    internal static string FormatFloat(double d) =>
        double.IsFinite(d) ? d.ToString("0.###############", CultureInfo.InvariantCulture) : "0";

    // zerolog quotes a string value only when it would otherwise be ambiguous.
    static string Quote(string s) =>
        s.Length == 0 || s.Any(c => c <= ' ' || c == '"' || c == '\\' || c == '=' || c > '~') ? "\"" + Escape(s) + "\"" : s;

    static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");

    static string LevelText(LogLevel level) => level switch
    {
        LogLevel.Debug => "DBG",
        LogLevel.Info => "INF",
        LogLevel.Warn => "WRN",
        LogLevel.Error => "ERR",
        _ => "FTL",
    };

    const string Dim = "2";
    const string Red = "31";

    static string PaintLevel(LogLevel level, bool color) => level switch
    {
        LogLevel.Debug => Paint("DBG", "33", color),
        LogLevel.Info => Paint("INF", "32", color),
        LogLevel.Warn => Paint("WRN", Red, color),
        _ => Paint(Paint(LevelText(level), Red, color), "1", color),
    };

    static string Paint(string text, string code, bool color) => color ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
