using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Identity;

/// <summary>
/// The stack's wallets: WAVELET_KEYS (CSV, entry i for node i, each "&lt;private hex&gt; &lt;public hex&gt;"),
/// else the image's well-known default keys (same format, commas or new lines between entries,
/// lines starting with # are comments).
/// </summary>
public sealed class KeyList
{
    public IReadOnlyList<WalletKey> Keys { get; }
    /// <summary>Where the keys came from, for messages: the variable name or the file.</summary>
    public string Source { get; }

    KeyList(IReadOnlyList<WalletKey> keys, string source) => (Keys, Source) = (keys, source);

    public static KeyList Load(Env env, AgentPaths paths)
    {
        if (env.Text("WAVELET_KEYS") is { } csv) return Parse(csv, "WAVELET_KEYS");
        if (!File.Exists(paths.DefaultKeys))
            throw new ConfigurationException("WAVELET_KEYS", $"is not set and the default keys file {paths.DefaultKeys} is missing; set WAVELET_KEYS to one '<private hex> <public hex>' entry per node.");
        return Parse(File.ReadAllText(paths.DefaultKeys), paths.DefaultKeys);
    }

    public static KeyList Parse(string text, string source)
    {
        var entries = text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .SelectMany(line => line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray();
        var keys = new List<WalletKey>();
        for (var n = 0; n < entries.Length; n++)
        {
            var parts = entries[n].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string Fault(string what) => $"entry {n + 1} {what}; each entry is '<private hex> <public hex>' (128 and 64 hex characters).";
            if (parts.Length != 2) throw new ConfigurationException(source, Fault($"has {parts.Length} fields"));
            if (!IsHex(parts[0], 128)) throw new ConfigurationException(source, Fault($"has a private key of {parts[0].Length} characters that is not 128 hex characters"));
            if (!IsHex(parts[1], 64)) throw new ConfigurationException(source, Fault($"has a public key '{parts[1]}' that is not 64 hex characters"));
            keys.Add(new WalletKey(parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant()));
        }
        if (keys.Count == 0) throw new ConfigurationException(source, "holds no keys; give one '<private hex> <public hex>' entry per node.");
        return new KeyList(keys, source);
    }

    /// <summary>The wallet of node <paramref name="nodeId"/> (1-based).</summary>
    public WalletKey ForNode(int nodeId) =>
        nodeId >= 1 && nodeId <= Keys.Count
            ? Keys[nodeId - 1]
            : throw new ConfigurationException(Source, $"has {Keys.Count} entries but node {nodeId} needs entry {nodeId}; give one key per node (WAVELET_NODES).");

    static bool IsHex(string text, int length) => text.Length == length && text.All(Uri.IsHexDigit);
}
