using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using WaveletStack.Configuration;
using WaveletStack.Node;
using WaveletStack.Output;

namespace WaveletStack.Snapshots;

/// <summary>
/// `SnapshotStack --output F.tar.gz`: every node's database at one point. Each node's height is
/// read, then every `/wavelet` is stopped together through the agent's pause hook (so no ledger
/// writes, and no node syncs from a peer that is ahead meanwhile), each database is copied as a
/// DumpDb dump, and every `/wavelet` is started again whatever happened. The file holds
/// `snapshot.json` and `nodes/&lt;i&gt;.tar.gz`; with secrets in it, it is readable by its owner only.
/// </summary>
public static class SnapshotTaker
{
    public const UnixFileMode SharedMode = PrivateFiles.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static async Task<SnapshotManifest> RunAsync(NodeLocator locator, StackConfiguration configuration, string? output,
        bool includeSecrets, bool force, CancellationToken cancellationToken)
    {
        var path = OutputFile.Check(output ?? throw new UserErrorException("SnapshotStack needs --output <file.tar.gz>."), force);
        var nodes = await locator.AllWaveletNodesAsync(cancellationToken);
        if (nodes.Count != configuration.Nodes)
            throw new UserErrorException($"Stack '{locator.Stack}' runs {nodes.Count} of its {configuration.Nodes} nodes (WAVELET_NODES); a snapshot needs every node: wait until `./build.sh WaitHealthy --stack {locator.Stack}` passes, then retry.");
        var heights = await Task.WhenAll(nodes.Select(n => WaveletLedger.HeightAsync(n, cancellationToken)));
        if (nodes.Zip(heights).FirstOrDefault(p => p.Second is null).First is { } silent)
            throw new UserErrorException($"{silent} does not answer on /ledger; wait until the stack is healthy (`./build.sh Status --stack {locator.Stack}`) and retry.");
        foreach (var secret in SnapshotConfiguration.LeftOutSecrets(configuration, includeSecrets))
            Ui.Warn($"{secret} is left out of the snapshot (add --include-secrets to keep it; the file is then readable by you only): a restored stack runs with its default.");

        using var folder = new TemporaryFolder("wst-snapshot-");
        await CopyDatabasesAsync(nodes, heights.Select(h => h!.Value).ToList(), folder, cancellationToken);
        // Done means the stack serves again: every node answers, at its height at least, as before the snapshot.
        await Task.WhenAll(nodes.Select((n, i) => WaveletLedger.WaitForHeightAsync(n, heights[i]!.Value, DbRestore.HeightTimeout, cancellationToken)));

        var manifest = new SnapshotManifest(SnapshotManifest.CurrentFormat, locator.Stack, DateTimeOffset.UtcNow,
            SnapshotConfiguration.From(configuration, includeSecrets), includeSecrets,
            nodes.Select((n, i) => new SnapshotNode(n.Id.Slot, heights[i]!.Value, SnapshotManifest.NodeFile(n.Id.Slot))).ToList());
        await PrivateFiles.WriteAsync(path, (stream, token) => WriteAsync(stream, manifest, folder, token), cancellationToken,
            includeSecrets ? PrivateFiles.OwnerOnly : SharedMode);
        return manifest;
    }

    /// <summary>
    /// Every /wavelet stopped together, each database tarred inside its node, every /wavelet started
    /// again (whatever happened); then the copies fetched into <paramref name="folder"/> while the network runs.
    /// </summary>
    static async Task CopyDatabasesAsync(IReadOnlyList<NodeContainer> nodes, IReadOnlyList<long> heights, TemporaryFolder folder,
        CancellationToken cancellationToken)
    {
        var copies = new DbDump.InNodeCopy?[nodes.Count];
        try
        {
            var paused = Stopwatch.StartNew();
            await Task.WhenAll(nodes.Select(n => WaveletProcess.StopAsync(n, cancellationToken)));
            try
            {
                // Nothing writes now: one copy each inside the node, no waiting for a pending write.
                await Task.WhenAll(nodes.Select(async (n, i) => copies[i] = await DbDump.TarInNodeAsync(n, 0, cancellationToken)
                    ?? throw new UserErrorException($"{n}'s database changed while /wavelet was stopped; retry.")));
            }
            finally
            {
                // Whatever happened, no node is left with /wavelet stopped.
                await Task.WhenAll(nodes.Select(n => WaveletProcess.StartAsync(n, CancellationToken.None)));
            }
            Ui.Info($"Copied {nodes.Count} databases inside their nodes with /wavelet paused for {paused.Elapsed.TotalSeconds:0.0} s.");
            await Task.WhenAll(copies.Select((c, i) => WriteAsync(c!, heights[i], folder.File(c!.Node.Id.Slot), cancellationToken)));
        }
        finally
        {
            await Task.WhenAll(copies.OfType<DbDump.InNodeCopy>().Select(DbDump.RemoveAsync));
        }
    }

    static async Task WriteAsync(DbDump.InNodeCopy copy, long height, string path, CancellationToken cancellationToken)
    {
        if (await DbDump.WriteAsync(copy, height, path, cancellationToken) is null)
            throw new UserErrorException($"{copy.Node}'s database arrived damaged (its files do not match the checksums taken in the node); retry.");
    }

    static async Task WriteAsync(Stream stream, SnapshotManifest manifest, TemporaryFolder folder, CancellationToken cancellationToken)
    {
        // The node dumps are gzip'd already: the outer layer only bundles them.
        await using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        await using var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        await writer.WriteEntryAsync(Entry(SnapshotManifest.FileName, new MemoryStream(manifest.ToJson()), manifest.Time), cancellationToken);
        foreach (var node in manifest.Nodes)
        {
            await using var dump = File.OpenRead(folder.File(node.Node));
            await writer.WriteEntryAsync(Entry(node.File, dump, manifest.Time), cancellationToken);
        }
    }

    static PaxTarEntry Entry(string name, Stream data, DateTimeOffset time) => new(TarEntryType.RegularFile, name)
    {
        DataStream = data, ModificationTime = time,
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
    };
}
