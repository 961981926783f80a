namespace WaveletStack.Tests.Configuration;

/// <summary>
/// Key material for tests, taken from the node image's well-known default keys (which pass the
/// node's static puzzle), so configurations made with them are ones the stack accepts.
/// </summary>
public static class TestKeys
{
    public static string DefaultKeysPath => Path.Combine(AppContext.BaseDirectory, "default-keys.csv");

    /// <summary>The pairs of default-keys.csv in node order.</summary>
    public static IReadOnlyList<(string Private, string Public)> Defaults { get; } =
        File.ReadLines(DefaultKeysPath)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (f[0], f[1]))
            .ToList();

    public static string Private1 => Defaults[0].Private;
    public static string Public1 => Defaults[0].Public;
    public static string Private2 => Defaults[1].Private;
    public static string Public2 => Defaults[1].Public;

    public static string Pair1 => $"{Private1} {Public1}";
    public static string Pair2 => $"{Private2} {Public2}";

    /// <summary>Pairs for nodes 1..count, as a WAVELET_KEYS value.</summary>
    public static string Keys(int count) => string.Join(",", Defaults.Take(count).Select(p => $"{p.Private} {p.Public}"));

    /// <summary>
    /// A real Ed25519 pair that fails the node's static puzzle: node 5 of the project's first default
    /// keys, which the real node refused to start with.
    /// </summary>
    public const string FailingPrivate =
        "28ee3c9d983d97869a52575b53ac3549258b66637c95188f5e39e29b989bd92400cfa30d79de3e9302b4fa526ed58f75d9bf7748809f8b684dab61140784575c";
    public const string FailingPublic = "00cfa30d79de3e9302b4fa526ed58f75d9bf7748809f8b684dab61140784575c";

    public const string Pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx\n-----END EC PRIVATE KEY-----";
}
