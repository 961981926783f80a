using System.Text;
using System.Text.Json;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Identity;

/// <summary>The genesis accounts: WAVELET_GENESIS as given, else rich wallets for the first WAVELET_RICH_WALLETS keys.</summary>
public static class Genesis
{
    public const int DefaultRichWallets = 3;

    public static string Resolve(Env env, KeyList keys)
    {
        if (env.Text("WAVELET_GENESIS") is { } given)
        {
            try { using var _ = JsonDocument.Parse(given); }
            catch (JsonException e) { throw new ConfigurationException("WAVELET_GENESIS", $"is not JSON ({e.Message}); give a JSON object keyed by public key hex, or leave it empty to generate one."); }
            return given;
        }
        var rich = env.Number("WAVELET_RICH_WALLETS", DefaultRichWallets, 0);
        if (rich > keys.Keys.Count)
            throw new ConfigurationException("WAVELET_RICH_WALLETS", $"asks for {rich} rich wallets but {keys.Source} holds only {keys.Keys.Count} keys; lower it or add keys.");
        return Generate(keys.Keys.Take(rich).Select(k => k.PublicHex));
    }

    /// <summary>Each public key gets {"balance": 10000000000000000000, "rewards": 5000000}, as the original's init did.</summary>
    public static string Generate(IEnumerable<string> publicKeys)
    {
        var json = new StringBuilder("{");
        foreach (var key in publicKeys)
        {
            if (json.Length > 1) json.Append(", ");
            json.Append('"').Append(key).Append("\": {\"balance\": 10000000000000000000, \"rewards\": 5000000}");
        }
        return json.Append('}').ToString();
    }
}
