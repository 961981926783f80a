namespace WaveletStack.Agent.Identity;

/// <summary>An Ed25519 wallet as Wavelet writes it: 128 hex private (seed ‖ public), 64 hex public.</summary>
public sealed record WalletKey(string PrivateHex, string PublicHex)
{
    public override string ToString() => $"WalletKey {{ PublicHex = {PublicHex} }}"; // never print the private key
}
