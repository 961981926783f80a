namespace WaveletStack.Crypto;

/// <summary>
/// S/Kademlia's static puzzle as the Wavelet node checks it at start: blake2b-256 of blake2b-256
/// of the raw 32-byte public key must begin with at least C1 = 1 zero bit (first byte below 0x80).
/// A node given a key that fails refuses to start, so the stack refuses such keys before deploying
/// and the simulator refuses them as the node does. Compiled into the library and the simulator.
/// </summary>
internal static class StaticPuzzle
{
    /// <summary>The node's C1: leading zero bits the checksum needs.</summary>
    public const int C1 = 1;

    /// <summary>Leading zero bits of blake2b-256(blake2b-256(publicKey)).</summary>
    public static int PrefixLength(ReadOnlySpan<byte> publicKey)
    {
        var checksum = Blake2b.Hash(Blake2b.Hash(publicKey, 32), 32);
        var bits = 0;
        foreach (var b in checksum)
        {
            if (b == 0) { bits += 8; continue; }
            return bits + System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24;
        }
        return bits;
    }

    public static bool Passes(ReadOnlySpan<byte> publicKey) => PrefixLength(publicKey) >= C1;

    /// <summary>Whether the 64 hex characters of a public key pass; false for anything that is not such hex.</summary>
    public static bool Passes(string publicKeyHex) =>
        publicKeyHex.Length == 64 && publicKeyHex.All(Uri.IsHexDigit) && Passes(Convert.FromHexString(publicKeyHex));

    /// <summary>
    /// Null when the key passes, else the node's reason. Its wording has the actual prefix length; the
    /// node's own message is fixed at "0" because with C1 = 1 only a prefix of 0 can fail.
    /// </summary>
    public static string? Failure(ReadOnlySpan<byte> publicKey)
    {
        var prefix = PrefixLength(publicKey);
        return prefix >= C1
            ? null
            : $"the wallet specified is invalid: keys are invalid: failed to pass static puzzle as prefix length of checksum is {prefix}, yet c1 is {C1}";
    }
}
