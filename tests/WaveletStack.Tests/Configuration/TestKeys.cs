namespace WaveletStack.Tests.Configuration;

/// <summary>Made-up key material of the right shape (not real keys).</summary>
public static class TestKeys
{
    public static readonly string Private1 = new('a', 128);
    public static readonly string Public1 = new('b', 64);
    public static readonly string Private2 = string.Concat(Enumerable.Repeat("0123456789abcdef", 8));
    public static readonly string Public2 = string.Concat(Enumerable.Repeat("FEDCBA9876543210", 4));

    public static string Pair1 => $"{Private1} {Public1}";
    public static string Pair2 => $"{Private2} {Public2}";

    public const string Pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx\n-----END EC PRIVATE KEY-----";
}
