using System.Globalization;

namespace WaveletStack.Targets;

/// <summary>
/// Turns the words given for a parameter into its type: string, int, long, double, bool,
/// TimeSpan (seconds, or 90s / 5m / 1h / hh:mm:ss), enums (any case), arrays and nullables.
/// </summary>
internal static class ValueConverter
{
    public static object? Convert(ParameterDescriptor parameter, IReadOnlyList<string> words, string source)
    {
        var type = parameter.Type;
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, words.Count);
            for (var i = 0; i < words.Count; i++) array.SetValue(ConvertOne(parameter, element, words[i], source), i);
            return array;
        }
        if (words.Count == 0)
        {
            if (CommandLine.IsBoolean(type)) return true;
            throw new UsageException($"--{parameter.Flag} needs a value ({Describe(type)}).");
        }
        if (words.Count > 1)
            throw new UsageException($"--{parameter.Flag} takes one value, got {words.Count} (from {source}).");
        return ConvertOne(parameter, type, words[0], source);
    }

    static object? ConvertOne(ParameterDescriptor parameter, Type type, string word, string source)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (TryConvert(target, word.Trim(), out var value)) return value;
        // A secret's value is never echoed, not even when it is wrong.
        var shown = parameter.IsSecret ? "its value" : $"'{word}'";
        throw new UsageException($"--{parameter.Flag}: {shown} (from {source}) is not {Describe(target)}.");
    }

    static bool TryConvert(Type type, string word, out object? value)
    {
        var culture = CultureInfo.InvariantCulture;
        value = null;
        if (type == typeof(string)) { value = word; return true; }
        if (type == typeof(bool)) { var ok = TryParseBoolean(word, out var b); value = b; return ok; }
        if (type == typeof(int)) { var ok = int.TryParse(word, NumberStyles.Integer, culture, out var n); value = n; return ok; }
        if (type == typeof(long)) { var ok = long.TryParse(word, NumberStyles.Integer, culture, out var n); value = n; return ok; }
        if (type == typeof(double)) { var ok = double.TryParse(word, NumberStyles.Float, culture, out var n); value = n; return ok; }
        if (type == typeof(TimeSpan)) { var ok = TryParseDuration(word, out var t); value = t; return ok; }
        if (type.IsEnum)
        {
            var name = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, word.Replace("-", ""), StringComparison.OrdinalIgnoreCase));
            value = name is null ? null : Enum.Parse(type, name);
            return name is not null;
        }
        throw new UsageException($"Parameters of type {type.Name} are not supported; use string, int, bool, TimeSpan, an enum or an array of those.");
    }

    public static bool TryParseBoolean(string word, out bool value)
    {
        switch (word.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "y" or "1": value = true; return true;
            case "false" or "no" or "n" or "0": value = false; return true;
            default: value = false; return false;
        }
    }

    static bool TryParseDuration(string word, out TimeSpan value)
    {
        var culture = CultureInfo.InvariantCulture;
        var (number, unit) = word.Length > 0 && char.IsLetter(word[^1]) ? (word[..^1], word[^1]) : (word, 's');
        if (double.TryParse(number, NumberStyles.Float, culture, out var amount) && amount >= 0)
        {
            value = unit switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), _ => TimeSpan.MinValue };
            return value != TimeSpan.MinValue;
        }
        return TimeSpan.TryParseExact(word, "c", culture, out value) && value >= TimeSpan.Zero;
    }

    /// <summary>What a value of the type looks like, for help and error messages.</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return Describe(type.GetElementType()!) + " (one or more)";
        if (type == typeof(bool)) return "a boolean (true/false, yes/no, 1/0)";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double)) return "a number";
        if (type == typeof(TimeSpan)) return "a duration (seconds, or 90s, 5m, 1h, hh:mm:ss)";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        return "a text value";
    }
}
