using Renci.SshNet;

namespace WaveletStack.Docker;

/// <summary>The user's own SSH keys: `--identity` when given, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa.</summary>
public static class SshUserKeys
{
    public static IReadOnlyList<IPrivateKeySource> Load(string? identity)
    {
        if (!string.IsNullOrEmpty(identity))
        {
            if (!File.Exists(identity)) throw new UserErrorException($"--identity {identity} does not exist; give the path of a private key file.");
            return [Open(identity)];
        }
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");
        var keys = new[] { "id_ed25519", "id_ecdsa", "id_rsa" }.Select(n => Path.Combine(folder, n)).Where(File.Exists).ToList();
        if (keys.Count == 0)
            throw new UserErrorException($"No SSH key found in {folder} (id_ed25519, id_ecdsa or id_rsa); pass --identity <private key file> with a key the host accepts.");
        return keys.Select(Open).ToList();
    }

    static IPrivateKeySource Open(string path)
    {
        try { return new PrivateKeyFile(path); }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or InvalidOperationException or ArgumentException)
        {
            throw new UserErrorException($"Cannot read the SSH key {path} ({e.Message.TrimEnd('.')}); give an unencrypted OpenSSH private key with --identity.", e);
        }
    }
}
