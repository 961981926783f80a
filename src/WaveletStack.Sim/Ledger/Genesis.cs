using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WaveletStack.Sim.Ledger;

/// <summary>
/// The accounts at height 0: `--genesis` is a directory of JSON files or JSON text, an object keyed
/// by public key hex: {"&lt;key&gt;": {"balance": n, "rewards": n, "stake": n}}.
/// </summary>
internal static class Genesis
{
    public static Dictionary<string, Account> Load(string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Default();
        if (Directory.Exists(value))
        {
            var accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(value, "*.json").Order(StringComparer.Ordinal))
                foreach (var (key, account) in Parse(File.ReadAllText(file), file)) accounts[key] = account;
            return accounts;
        }
        if (File.Exists(value)) return Parse(File.ReadAllText(value), value);
        return Parse(value, "--genesis");
    }

    public static Dictionary<string, Account> Parse(string json, string source)
    {
        var accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new GenesisException($"genesis in {source} must be a JSON object keyed by public key");
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name.Length != 64 || !Uri.IsHexDigit(entry.Name[0]) || !entry.Name.All(Uri.IsHexDigit))
                    throw new GenesisException($"genesis in {source}: \"{entry.Name}\" is not a 64-character hex public key");
                accounts[entry.Name.ToLowerInvariant()] = new Account
                {
                    Balance = Number(entry.Value, "balance"),
                    Reward = Number(entry.Value, "rewards") + Number(entry.Value, "reward"),
                    Stake = Number(entry.Value, "stake"),
                };
            }
        }
        catch (JsonException e)
        {
            throw new GenesisException($"genesis in {source} is not valid JSON: {e.Message}");
        }
        return accounts;
    }

    static ulong Number(JsonElement account, string name) =>
        account.ValueKind == JsonValueKind.Object && account.TryGetProperty(name, out var v) && v.TryGetUInt64(out var n) ? n : 0;

    /// <summary>Like the real node's built-in genesis: three funded accounts.</summary>
    static Dictionary<string, Account> Default()
    {
        var accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
        for (var i = 1; i <= 3; i++)
        {
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"wavelet-sim default genesis {i}")));
            accounts[key] = new Account { Balance = 10_000_000_000_000_000_000, Reward = 5_000_000 };
        }
        return accounts;
    }
}

internal sealed class GenesisException(string message) : Exception(message);
