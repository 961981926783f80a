using System.Text.RegularExpressions;
using WaveletStack.Crypto;

namespace WaveletStack.Configuration;

/// <summary>
/// One node's Ed25519 key pair from WAVELET_KEYS. <see cref="ToString"/> hides the private key
/// so that a pair can never end up in a log by accident.
/// </summary>
public sealed partial record WaveletKeyPair(string PrivateKey, string PublicKey)
{
    public static WaveletKeyPair? TryParse(string entry)
    {
        var match = EntryPattern().Match(entry);
        return match.Success ? new WaveletKeyPair(match.Groups[1].Value, match.Groups[2].Value) : null;
    }

    /// <summary>Wavelet's private key is seed ‖ public key: the pair is consistent only when its halves agree.</summary>
    public bool PublicMatchesPrivate => PrivateKey[64..].Equals(PublicKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the Wavelet node would start with this key (see <see cref="StaticPuzzle"/>).</summary>
    public bool PassesStaticPuzzle => StaticPuzzle.Passes(PublicKey);

    /// <summary>The form WAVELET_KEYS holds, for the containers' environment.</summary>
    public string ToEntry() => $"{PrivateKey} {PublicKey}";

    public override string ToString() => $"{ConfigKeys.Mask} {PublicKey}";

    [GeneratedRegex(@"^\s*([0-9a-fA-F]{128})\s+([0-9a-fA-F]{64})\s*$")]
    private static partial Regex EntryPattern();
}
