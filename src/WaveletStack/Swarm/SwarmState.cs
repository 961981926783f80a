using System.Text;
using System.Text.Json;
using Renci.SshNet;
using WaveletStack.Docker;
using WaveletStack.Output;

namespace WaveletStack.Swarm;

/// <summary>
/// A swarm's local state folder: swarm.json (provider, hosts, addresses), its own ed25519 key
/// (id_ed25519, id_ed25519.pub) and the host keys seen (known_hosts). Folder 700, files 600.
/// </summary>
public sealed class SwarmState
{
    public const string RecordFile = "swarm.json";
    public const string PrivateKeyFile = "id_ed25519";
    public const string PublicKeyFile = "id_ed25519.pub";
    public const string KnownHostsFile = "known_hosts";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    SwarmState(string folder, SwarmRecord record)
    {
        Folder = folder;
        Record = record;
        KnownHosts = new SshKnownHosts(System.IO.Path.Combine(folder, KnownHostsFile));
    }

    public string Folder { get; }
    public SwarmRecord Record { get; private set; }
    public SshKnownHosts KnownHosts { get; }
    public string Name => Record.Name;

    public string PublicKey => File.ReadAllText(System.IO.Path.Combine(Folder, PublicKeyFile)).Trim();

    /// <summary>Makes a new state folder with a fresh key pair; the record is saved at once.</summary>
    internal static SwarmState Create(string folder, SwarmRecord record)
    {
        PrivateFiles.CreateFolder(folder);
        var key = SshKeyPair.Generate($"wavelet-stack-{record.Name}");
        PrivateFiles.Write(System.IO.Path.Combine(folder, PrivateKeyFile), key.PrivateKeyOpenSsh);
        PrivateFiles.Write(System.IO.Path.Combine(folder, PublicKeyFile), key.PublicKeyLine + "\n");
        var state = new SwarmState(folder, record);
        state.Save();
        return state;
    }

    internal static SwarmState Load(string folder)
    {
        var path = System.IO.Path.Combine(folder, RecordFile);
        return new SwarmState(folder, ParseRecord(File.ReadAllText(path), path));
    }

    /// <summary>
    /// The record in <paramref name="json"/>; anything that is not a whole record (bad JSON, a
    /// missing name or host address) is one sentence naming <paramref name="source"/>, never a
    /// raw JsonException or a null met later.
    /// </summary>
    public static SwarmRecord ParseRecord(string json, string source)
    {
        SwarmRecord? record;
        try { record = JsonSerializer.Deserialize<SwarmRecord>(json, Json); }
        catch (JsonException e)
        {
            throw new UserErrorException($"{source} is not a valid swarm record ({Where(e)}); fix it or import the swarm again with `ImportSwarm --ip <host address>`.", e);
        }
        var missing = record is null ? "it is empty"
            : string.IsNullOrWhiteSpace(record.Name) ? "it has no \"name\""
            : string.IsNullOrWhiteSpace(record.Provider) ? "it has no \"provider\""
            : record.Hosts is null || record.Hosts.Any(h => h is null || string.IsNullOrWhiteSpace(h.Name) || string.IsNullOrWhiteSpace(h.Address))
                ? "a host in \"hosts\" lacks its \"name\" or \"address\""
            : null;
        if (missing is not null)
            throw new UserErrorException($"{source} is not a valid swarm record ({missing}); fix it or import the swarm again with `ImportSwarm --ip <host address>`.");
        return record! with { Resources = record!.Resources ?? [] };
    }

    static string Where(JsonException e) =>
        e.LineNumber is { } line ? $"malformed JSON at line {line + 1}, column {e.BytePositionInLine + 1}" : "malformed JSON";

    /// <summary>Changes the record and writes it at once, so what exists is never untracked.</summary>
    public void Update(Func<SwarmRecord, SwarmRecord> change)
    {
        lock (this)
        {
            Record = change(Record);
            Save();
        }
    }

    /// <summary>Records a host; hosts stay in their number order whatever order they were made in (the first is the manager).</summary>
    public void AddHost(SwarmHost host) => Update(r => r with
    {
        Hosts = [.. r.Hosts.Where(h => h.Name != host.Name).Append(host).OrderBy(h => r.HostIndex(h.Name))],
    });

    public void SetResource(string key, string value) => Update(r => r with { Resources = new(r.Resources) { [key] = value } });

    void Save() => PrivateFiles.Write(System.IO.Path.Combine(Folder, RecordFile), JsonSerializer.Serialize(Record, Json));

    // Read once per run: every engine request through a tunnel is an SSH connection that needs it.
    public IPrivateKeySource Key() => key ??= ReadKey(System.IO.Path.Combine(Folder, PrivateKeyFile));

    static PrivateKeyFile ReadKey(string path)
    {
        try { return new PrivateKeyFile(path); }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or IOException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new UserErrorException($"{path} is not a readable private key ({e.Message.TrimEnd('.')}); import the swarm again with `ImportSwarm --ip <host address>`.", e);
        }
    }
    IPrivateKeySource? key;

    public Task<SshSession> ConnectAsync(SshEndpoint endpoint, CancellationToken cancellationToken) =>
        SshSession.ConnectAsync(endpoint, [Key()], KnownHosts, cancellationToken);

    public Task<SshSession> ConnectWhenReadyAsync(SwarmHost host, TimeSpan deadline, CancellationToken cancellationToken) =>
        SshSession.ConnectWhenReadyAsync(host.Endpoint, [Key()], KnownHosts, deadline, cancellationToken);

    /// <summary>The state files as a gzipped tar, to copy to the hosts (ImportSwarm fetches it back).</summary>
    /// <param name="withPrivateKey">False for every host but the manager: a worker taken over must not give its attacker the key to all the others.</param>
    public byte[] Archive(bool withPrivateKey = true)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip))
        {
            foreach (var name in new[] { RecordFile, PrivateKeyFile, PublicKeyFile, KnownHostsFile })
            {
                if (name == PrivateKeyFile && !withPrivateKey) continue;
                var path = System.IO.Path.Combine(Folder, name);
                if (!File.Exists(path)) continue;
                var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
                {
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    DataStream = new MemoryStream(File.ReadAllBytes(path)),
                };
                tar.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }
}
