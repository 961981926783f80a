using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WaveletStack.Configuration;

/// <summary>
/// The checks a key's value goes through. Each returns one problem per fault, a line naming the
/// key, the value (never a secret's) and what is allowed.
/// </summary>
public static partial class Validators
{
    static readonly string[] TrueWords = ["y", "yes", "true", "1"];
    static readonly string[] FalseWords = ["n", "no", "false", "0"];

    public static IEnumerable<ConfigProblem> None(ConfigKey key, string value, ValidationContext context) => [];

    public static bool? ParseBoolean(string value)
    {
        var word = value.Trim().ToLowerInvariant();
        if (TrueWords.Contains(word)) return true;
        if (FalseWords.Contains(word)) return false;
        return null;
    }

    public static IEnumerable<ConfigProblem> Boolean(ConfigKey key, string value, ValidationContext context)
    {
        if (ParseBoolean(value) is null)
            yield return Refuse(key, value, "y/yes/true/1 or n/no/false/0 (any case)");
    }

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Func<ConfigKey, string, ValidationContext, IEnumerable<ConfigProblem>> Integer(int min, int max = int.MaxValue) =>
        (key, value, _) => ParseInteger(value) is { } n && n >= min && n <= max
            ? []
            : [Refuse(key, value, max == int.MaxValue ? $"a whole number ≥ {min}" : $"a whole number from {min} to {max}")];

    public static readonly Func<ConfigKey, string, ValidationContext, IEnumerable<ConfigProblem>> Port = Integer(1, 65535);

    public static int? ParseInteger(string value) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>One of a fixed set of words, any case.</summary>
    public static Func<ConfigKey, string, ValidationContext, IEnumerable<ConfigProblem>> OneOf(params string[] words) =>
        (key, value, _) => words.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase)
            ? []
            : [Refuse(key, value, string.Join(", ", words))];

    /// <summary>
    /// A registry as used in <c>&lt;REGISTRY&gt;/wavelet-stack-node:tag</c>: a host (with
    /// port) and/or lowercase path components, per Docker's reference grammar.
    /// </summary>
    public static IEnumerable<ConfigProblem> Registry(ConfigKey key, string value, ValidationContext context)
    {
        var parts = value.Split('/');
        var first = parts[0];
        var firstIsHost = first.Contains('.') || first.Contains(':') || first == "localhost";
        var ok = (firstIsHost ? HostPattern().IsMatch(first) : PathComponentPattern().IsMatch(first))
            && parts.Skip(1).All(p => PathComponentPattern().IsMatch(p));
        if (!ok)
            yield return Refuse(key, value,
                "a Docker registry and/or namespace such as localhost:5000, registry.example.com/team or perlin " +
                "(path parts in lowercase letters, digits and . _ -)");
    }

    public static IEnumerable<ConfigProblem> Tag(ConfigKey key, string value, ValidationContext context)
    {
        if (!TagPattern().IsMatch(value))
            yield return Refuse(key, value, "a Docker tag: up to 128 letters, digits, _ . -, not starting with . or -");
    }

    /// <summary>
    /// CSV of <c>&lt;128 hex private&gt; &lt;64 hex public&gt;</c>, entry i for node i. An entry must be what the
    /// Wavelet node starts with: well-formed, its public half the private key's last 64 hex characters
    /// (Wavelet's private key is seed ‖ public key), and passing the node's static puzzle (else the node
    /// refuses to start). A bad entry is named by number and shows its public key only, never the private one.
    /// </summary>
    public static IEnumerable<ConfigProblem> Keys(ConfigKey key, string value, ValidationContext context)
    {
        var entries = value.Split(',');
        for (var i = 0; i < entries.Length; i++)
        {
            var where = $"{key.Name} entry {i + 1} of {entries.Length} (node {i + 1})";
            if (WaveletKeyPair.TryParse(entries[i]) is not { } pair)
                yield return ConfigProblem.Error(key.Name,
                    $"{where} '{ConfigKeys.Mask}' is not allowed: each comma-separated entry must be '<128 hex private key> <64 hex public key>'.");
            else if (!pair.PublicMatchesPrivate)
                yield return ConfigProblem.Error(key.Name,
                    $"{where} '{pair}' is not allowed: its public key must be the last 64 hex characters of its private key " +
                    "(a Wavelet private key is the 32-byte Ed25519 seed followed by the public key).");
            else if (!pair.PassesStaticPuzzle)
                yield return ConfigProblem.Error(key.Name,
                    $"{where} '{pair}' is not allowed: the Wavelet node refuses keys that fail S/Kademlia's static puzzle " +
                    "(blake2b-256 twice over the public key must start with a zero bit); use a key that passes, such as one " +
                    "made by nodes/wavelet-stack-node/generate-default-keys.sh.");
        }
    }

    public static IEnumerable<ConfigProblem> Genesis(ConfigKey key, string value, ValidationContext context)
    {
        var text = value.TrimStart();
        if (text.StartsWith('{'))
        {
            if (!IsJsonObject(text))
                yield return Refuse(key, Shorten(value), "a JSON object (the genesis accounts) or the path of a genesis file or directory; this looks like JSON but does not parse as an object");
        }
        else if (!File.Exists(context.ResolvePath(value)) && !Directory.Exists(context.ResolvePath(value)))
        {
            yield return Refuse(key, value, $"a JSON object or an existing genesis file or directory (looked for {context.ResolvePath(value)})");
        }
    }

    public static IEnumerable<ConfigProblem> ExistingDirectory(ConfigKey key, string value, ValidationContext context)
    {
        if (!Directory.Exists(context.ResolvePath(value)))
            yield return Refuse(key, value, $"an existing directory (a Wavelet checkout); {context.ResolvePath(value)} does not exist");
    }

    public static IEnumerable<ConfigProblem> Pem(ConfigKey key, string value, ValidationContext context)
    {
        if (!value.Contains("-----BEGIN ", StringComparison.Ordinal) || !value.Contains("-----END ", StringComparison.Ordinal))
            yield return ConfigProblem.Error(key.Name,
                $"{key.Name} is not allowed (value hidden): it must be a PEM block from '-----BEGIN …-----' to '-----END …-----'.");
    }

    public static IEnumerable<ConfigProblem> HostName(ConfigKey key, string value, ValidationContext context)
    {
        if (!HostPattern().IsMatch(value) || value.Contains(':'))
            yield return Refuse(key, value, "a host name such as api.example.com (letters, digits, - and .)");
    }

    public static IEnumerable<ConfigProblem> SwarmName(ConfigKey key, string value, ValidationContext context)
    {
        if (StackName.Problem(value, "swarm") is { } problem)
            yield return Refuse(key, value, problem);
    }

    /// <summary>The standard refusal line: key, value, what is allowed.</summary>
    public static ConfigProblem Refuse(ConfigKey key, string value, string allowed) =>
        ConfigProblem.Error(key.Name, key.IsSecret
            ? $"{key.Name} is not allowed (value hidden): expected {allowed}."
            : $"{key.Name}='{value}' is not allowed: expected {allowed}.");

    static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";

    // Docker's reference grammar (distribution/reference): domain components and path components.
    [GeneratedRegex(@"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
