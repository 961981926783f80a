using WaveletStack.Output;

namespace WaveletStack.Docker;

/// <summary>
/// The host keys a swarm's hosts showed on first contact (`address type base64` per line, like
/// OpenSSH's known_hosts). A key that differs later is refused: it means the host was rebuilt or
/// someone is in the middle.
/// </summary>
public sealed class SshKnownHosts
{
    readonly object gate = new();
    readonly string? path;
    readonly Dictionary<string, (string Type, string Key)> entries;

    public SshKnownHosts(string? path)
    {
        this.path = path;
        entries = Parse(path is not null && File.Exists(path) ? File.ReadAllText(path) : "");
    }

    SshKnownHosts(string text, bool _)
    {
        entries = Parse(text);
    }

    /// <summary>Known hosts kept in memory only (first contact of ImportSwarm, before there is a folder).</summary>
    public static SshKnownHosts InMemory(string text = "") => new(text, false);

    public IEnumerable<(string Address, string Type, byte[] Key)> Entries
    {
        get { lock (gate) return entries.Select(e => (e.Key, e.Value.Type, Convert.FromBase64String(e.Value.Key))).ToList(); }
    }

    /// <summary>Checks a host's key; records it when the host is new. Throws when it changed.</summary>
    public void Verify(string address, string keyType, byte[] key)
    {
        var presented = Convert.ToBase64String(key);
        lock (gate)
        {
            if (entries.TryGetValue(address, out var known))
            {
                if (known.Type == keyType && known.Key == presented) return;
                throw new SshHostKeyChangedException(address, path);
            }
            entries[address] = (keyType, presented);
            Save();
        }
    }

    public string Serialize()
    {
        lock (gate) return string.Concat(entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value.Type} {e.Value.Key}\n"));
    }

    void Save()
    {
        if (path is null) return;
        PrivateFiles.CreateFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        PrivateFiles.Write(path, Serialize());
    }

    static Dictionary<string, (string, string)> Parse(string text)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 3 && !parts[0].StartsWith('#')) result[parts[0]] = (parts[1], parts[2]);
        }
        return result;
    }
}

/// <summary>A host presented a different key than the one recorded for it.</summary>
public sealed class SshHostKeyChangedException(string address, string? knownHostsPath) : UserErrorException(
    $"The SSH host key of {address} has changed since it was first recorded, so the connection was refused " +
    $"(the host was rebuilt, or someone is intercepting); if the host was rebuilt on purpose, remove its line from " +
    $"{knownHostsPath ?? "the swarm's known_hosts"} and retry.");
