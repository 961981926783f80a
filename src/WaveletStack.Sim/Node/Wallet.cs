using System.Security.Cryptography;
using WaveletStack.Crypto;
using WaveletStack.Sim.Cli;

namespace WaveletStack.Sim.Node;

/// <summary>
/// A node's keys, in Wavelet's form: a 64-byte private key (seed ‖ public key) as 128 hex characters.
/// The simulator never signs or verifies, so a generated wallet's public half is a hash of the seed,
/// not a real Ed25519 derivation.
/// </summary>
internal sealed record Wallet(string PrivateKeyHex, string PublicKeyHex)
{
    /// <summary>A readable file holding the hex key, or the hex key itself; anything else makes a random wallet.</summary>
    public static Wallet Load(string value)
    {
        var text = value.Trim();
        try
        {
            if (text.Length > 0 && File.Exists(text)) text = File.ReadAllText(text).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warn("Could not read the wallet file; generating a random wallet.", ("error", e.Message));
        }

        if (TryFromHex(text) is { } wallet) return wallet;
        Log.Warn("Wallet is neither a readable file nor 128 hex characters; generating a random wallet.");
        return Random();
    }

    public static Wallet? TryFromHex(string hex)
    {
        if (hex.Length != 128 || !IsHex(hex)) return null;
        return new Wallet(hex.ToLowerInvariant(), hex[64..].ToLowerInvariant());
    }

    /// <summary>
    /// A fresh wallet the real node would accept: like the node's own key generation, seeds are drawn
    /// until the public key passes the static puzzle (about every other one does).
    /// </summary>
    public static Wallet Random()
    {
        while (true)
        {
            var seed = RandomNumberGenerator.GetBytes(32);
            var publicKey = SHA256.HashData(seed);
            if (StaticPuzzle.Passes(publicKey))
                return new Wallet(Convert.ToHexStringLower([.. seed, .. publicKey]), Convert.ToHexStringLower(publicKey));
        }
    }

    /// <summary>Null when the real node would start with this key, else its reason for refusing it.</summary>
    public string? PuzzleFailure => StaticPuzzle.Failure(Convert.FromHexString(PublicKeyHex));

    public static bool IsHex(string s) => s.Length % 2 == 0 && s.All(Uri.IsHexDigit);
}
