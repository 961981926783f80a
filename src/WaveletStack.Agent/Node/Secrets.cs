using System.Security.Cryptography;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>
/// Files only root can read, in a folder only root can enter, for what /wavelet must not get
/// on its command line: the wallet's private key, and a fresh random API secret per start.
/// </summary>
public sealed class Secrets(AgentPaths paths)
{
    public string WalletFile => Path.Combine(paths.Secrets, "wallet");
    public string ApiSecretFile => Path.Combine(paths.Secrets, "api-secret");

    public string WriteWallet(string privateHex)
    {
        Write(WalletFile, privateHex);
        return WalletFile;
    }

    public string NewApiSecret()
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Write(ApiSecretFile, secret);
        return secret;
    }

    void Write(string file, string text)
    {
        Directory.CreateDirectory(paths.Secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(paths.Secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (File.Create(file, 0, FileOptions.None)) { }
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite); // before the secret is in it
        File.WriteAllText(file, text);
    }

    /// <summary>With WAVELET_API_HOST: the certificate cache (mode 700) and the ACME account key in it.</summary>
    public static void PrepareCertificates(AgentPaths paths, string? acmeAccountKey)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(paths.Certificates, ownerOnly);
        File.SetUnixFileMode(paths.Certificates, ownerOnly);
        if (acmeAccountKey is null) return;
        var file = Path.Combine(paths.Certificates, "acme_account+key");
        using (File.Create(file)) { }
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(file, acmeAccountKey.Replace("\\n", "\n"));
    }
}
