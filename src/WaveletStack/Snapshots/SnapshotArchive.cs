using System.Formats.Tar;
using System.IO.Compression;
using WaveletStack.Node;

namespace WaveletStack.Snapshots;

/// <summary>
/// A SnapshotStack file opened for RestoreStack and proven whole before anything is created:
/// gzip, tar, only `snapshot.json` and `nodes/&lt;i&gt;.tar.gz`, a manifest of our format whose
/// WAVELET_NODES matches its nodes 1…N (and the count asked for), and every node's dump a valid
/// DumpDb dump at the manifest's height. The dumps are unpacked into a private temporary folder,
/// removed on Dispose.
/// </summary>
public sealed class SnapshotArchive : IDisposable
{
    readonly TemporaryFolder folder;

    SnapshotArchive(SnapshotManifest manifest, TemporaryFolder folder, IReadOnlyDictionary<int, DbDumpManifest> dumps)
    {
        Manifest = manifest;
        this.folder = folder;
        Dumps = dumps;
    }

    public SnapshotManifest Manifest { get; }
    /// <summary>Node slot → its dump's own manifest.</summary>
    public IReadOnlyDictionary<int, DbDumpManifest> Dumps { get; }
    /// <summary>Node <paramref name="node"/>'s dump (a DumpDb file).</summary>
    public string DumpOf(int node) => folder.File(node);

    /// <param name="expectedNodes">The node count the caller asks for (RestoreStack --count), or null.</param>
    public static async Task<SnapshotArchive> OpenAsync(string? input, int? expectedNodes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input)) throw new UserErrorException("RestoreStack needs --input <file.tar.gz> (made by SnapshotStack).");
        if (!File.Exists(input)) throw new UserErrorException($"'{input}' does not exist; give the path of a snapshot made by SnapshotStack.");
        var folder = new TemporaryFolder("wst-restore-");
        try
        {
            var manifest = await UnpackAsync(input, folder, cancellationToken);
            var dumps = await CheckAsync(input, manifest, folder, expectedNodes, cancellationToken);
            return new SnapshotArchive(manifest, folder, dumps);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    public void Dispose() => folder.Dispose();

    static async Task<SnapshotManifest> UnpackAsync(string input, TemporaryFolder folder, CancellationToken cancellationToken)
    {
        SnapshotManifest? manifest = null;
        try
        {
            await using var file = File.OpenRead(input);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var reader = new TarReader(gzip);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.Name == SnapshotManifest.FileName && IsFile(entry))
                    manifest = SnapshotManifest.FromJson(entry.DataStream!);
                else if (NodeOf(entry.Name) is { } node && IsFile(entry))
                {
                    await using var dump = File.Create(folder.File(node));
                    await entry.DataStream!.CopyToAsync(dump, cancellationToken);
                }
                else
                    throw Refused(input, $"holds the entry '{entry.Name}', which a snapshot made by SnapshotStack never holds");
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw Refused(input, $"is not a gzip'd tar made by SnapshotStack ({e.Message.TrimEnd('.')})");
        }
        if (manifest?.Format != SnapshotManifest.CurrentFormat)
            throw Refused(input, $"holds no {SnapshotManifest.FileName} of format {SnapshotManifest.CurrentFormat}, so it is not a snapshot made by SnapshotStack (a DumpDb dump goes to RestoreDb)");
        return manifest;
    }

    static async Task<IReadOnlyDictionary<int, DbDumpManifest>> CheckAsync(string input, SnapshotManifest manifest, TemporaryFolder folder,
        int? expectedNodes, CancellationToken cancellationToken)
    {
        var count = manifest.Nodes.Count;
        if (!manifest.Configuration.TryGetValue(Configuration.ConfigKeys.Nodes.Name, out var nodes) || nodes != count.ToString())
            throw Refused(input, $"says WAVELET_NODES={nodes ?? "(missing)"} but holds {count} nodes");
        if (expectedNodes is { } expected && expected != count)
            throw Refused(input, $"holds {count} nodes, not the {expected} asked for (--count)");
        if (!manifest.Nodes.Select(n => n.Node).Order().SequenceEqual(Enumerable.Range(1, count)))
            throw Refused(input, $"holds nodes {string.Join(", ", manifest.Nodes.Select(n => n.Node))}, not 1…{count}");
        var dumps = new Dictionary<int, DbDumpManifest>();
        foreach (var node in manifest.Nodes)
        {
            if (node.File != SnapshotManifest.NodeFile(node.Node) || !File.Exists(folder.File(node.Node)))
                throw Refused(input, $"lacks node {node.Node}'s database ({SnapshotManifest.NodeFile(node.Node)})");
            DbDumpManifest dump;
            try { dump = await DbDumpFile.ValidateAsync(folder.File(node.Node), cancellationToken); }
            catch (UserErrorException e) { throw Refused(input, $"holds a bad database for node {node.Node} ({e.Message.TrimEnd('.')})"); }
            if (dump.Height != node.Height)
                throw Refused(input, $"says node {node.Node} is at height {node.Height} but its database says {dump.Height}");
            dumps[node.Node] = dump;
        }
        return dumps;
    }

    /// <summary>The node slot of an entry `nodes/&lt;i&gt;.tar.gz` (i from 1), else null; nothing else is unpacked.</summary>
    static int? NodeOf(string name) =>
        name.StartsWith(SnapshotManifest.NodesFolder + "/", StringComparison.Ordinal) && name.EndsWith(".tar.gz", StringComparison.Ordinal)
        && int.TryParse(name[(SnapshotManifest.NodesFolder.Length + 1)..^".tar.gz".Length], System.Globalization.NumberStyles.None, null, out var node)
        && node is >= 1 and <= 1000 && SnapshotManifest.NodeFile(node) == name ? node : null;

    static bool IsFile(TarEntry entry) => entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is not null;

    static UserErrorException Refused(string input, string problem) => new($"'{input}' {problem}; nothing was created.");
}
