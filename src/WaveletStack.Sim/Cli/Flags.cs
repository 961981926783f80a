using System.Text;

namespace WaveletStack.Sim.Cli;

/// <summary>One command-line flag, as urfave/cli declares it for the real binaries.</summary>
internal sealed record Flag(string Name, string Usage, string? Default = null, string? Env = null, bool IsBool = false, string? Alias = null);

/// <summary>A command line the program refuses, with the message the real binary prints.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Parses flags the way the Go binaries do: `-name value`, `--name value`, `--name=value`, bools
/// without a value; an environment variable fills a flag that was not given (the flag wins);
/// unknown flags are refused. Positional words (peer addresses) may sit between flags.
/// </summary>
internal sealed class ParsedFlags
{
    readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public static ParsedFlags Parse(IReadOnlyList<Flag> flags, IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var parsed = new ParsedFlags();
        var byName = new Dictionary<string, Flag>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            byName[flag.Name] = flag;
            if (flag.Alias is not null) byName[flag.Alias] = flag;
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--") { parsed.Positional.AddRange(args.Skip(i + 1)); break; }
            if (arg.Length < 2 || arg[0] != '-') { parsed.Positional.Add(arg); continue; }

            var body = arg.TrimStart('-');
            var eq = body.IndexOf('=');
            var name = eq < 0 ? body : body[..eq];
            if (!byName.TryGetValue(name, out var flag))
                throw new UsageException($"flag provided but not defined: -{name}");

            string value;
            if (eq >= 0) value = body[(eq + 1)..];
            else if (flag.IsBool) value = "true";
            else if (i + 1 < args.Count) value = args[++i];
            else throw new UsageException($"flag needs an argument: -{name}");
            parsed.values[flag.Name] = value;
        }

        foreach (var flag in flags)
        {
            if (parsed.values.ContainsKey(flag.Name)) continue;
            var fromEnv = flag.Env is null ? null : environment(flag.Env);
            if (fromEnv is not null) parsed.values[flag.Name] = fromEnv;
            else if (flag.Default is not null) parsed.values[flag.Name] = flag.Default;
        }
        return parsed;
    }

    public string String(string name) => values.TryGetValue(name, out var v) ? v : "";

    public bool Bool(string name) =>
        values.TryGetValue(name, out var v) && v is "true" or "1" or "TRUE" or "True" or "t" or "T";

    public int Int(string name, int min, int max)
    {
        var raw = String(name);
        if (!int.TryParse(raw, out var value) || value < min || value > max)
            throw new UsageException($"invalid value \"{raw}\" for flag -{name}: expected a whole number from {min} to {max}");
        return value;
    }

    public TimeSpan Duration(string name)
    {
        var raw = String(name);
        return TryParseDuration(raw, out var value)
            ? value
            : throw new UsageException($"invalid value \"{raw}\" for flag -{name}: expected a duration such as 90s, 500ms or 2m");
    }

    /// <summary>Go-style durations ("1m30s", "500ms"); a bare number means seconds.</summary>
    internal static bool TryParseDuration(string raw, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (double.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var bare))
        {
            value = TimeSpan.FromSeconds(bare);
            return bare >= 0;
        }
        var rest = raw.AsSpan();
        if (rest.IsEmpty) return false;
        while (!rest.IsEmpty)
        {
            var n = 0;
            while (n < rest.Length && (char.IsDigit(rest[n]) || rest[n] == '.')) n++;
            if (n == 0 || !double.TryParse(rest[..n], System.Globalization.CultureInfo.InvariantCulture, out var amount)) return false;
            rest = rest[n..];
            var u = 0;
            while (u < rest.Length && char.IsLetter(rest[u])) u++;
            var unit = rest[..u].ToString();
            rest = rest[u..];
            value += unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.MinValue,
            };
            if (value < TimeSpan.Zero) return false;
        }
        return true;
    }

    public static string Help(string usage, string description, IReadOnlyList<Flag> flags)
    {
        var sb = new StringBuilder();
        sb.AppendLine("NAME:").AppendLine("   " + description).AppendLine();
        sb.AppendLine("USAGE:").AppendLine("   " + usage).AppendLine();
        sb.AppendLine("GLOBAL OPTIONS:");
        foreach (var flag in flags)
        {
            var names = "--" + flag.Name + (flag.Alias is null ? "" : ", -" + flag.Alias) + (flag.IsBool ? "" : " value");
            var extra = (flag.Default is { Length: > 0 } d ? $" (default: {d})" : "") + (flag.Env is null ? "" : $" [${flag.Env}]");
            sb.AppendLine($"   {names,-32} {flag.Usage}{extra}");
        }
        return sb.ToString();
    }
}
