using WaveletStack.Output;

namespace WaveletStack.Node;

/// <summary>
/// `RestoreDb`: the original's manual restore as one step. The dump is proven whole first; then
/// each node's `/wavelet` is paused, its database kept as /data/db.before-restore-&lt;time&gt;, the dump
/// unpacked into /data/db, `/wavelet` restarted, and the node waited for until it answers with the
/// dump's height. With several nodes each phase runs on all of them before the next, so no node
/// syncs old data from a peer that still has it.
/// </summary>
public static class DbRestore
{
    public static readonly TimeSpan HeightTimeout = TimeSpan.FromMinutes(2);

    /// <summary>One node and the dump (already validated) it is to hold.</summary>
    public sealed record NodeDump(NodeContainer Node, string Dump, DbDumpManifest Manifest);

    public static async Task RunAsync(IReadOnlyList<NodeContainer> nodes, string? input, bool force, CancellationToken cancellationToken)
    {
        var manifest = await DbDumpFile.ValidateAsync(input, cancellationToken);
        Ui.Info($"Dump of {manifest.Stack} node {manifest.Node} at height {manifest.Height} ({manifest.Time:u}, {manifest.Files.Count} files).");
        await RunAsync(nodes.Select(n => new NodeDump(n, input!, manifest)).ToList(), force, cancellationToken);
    }

    /// <summary>Each node gets its own dump (RestoreStack: node i from node i's database), in the same phases.</summary>
    public static async Task RunAsync(IReadOnlyList<NodeDump> restores, bool force, CancellationToken cancellationToken)
    {
        var nodes = restores.Select(r => r.Node).ToList();
        foreach (var node in nodes)
        {
            if (!node.Id.IsWavelet) throw new UserErrorException($"RestoreDb needs Wavelet nodes (1…N), not '{node.Id}'.");
            if (force) continue;
            var height = await WaveletLedger.HeightAsync(node, cancellationToken);
            if (height is > 0)
                throw new UserErrorException($"{node} holds data (height {height}); add --force to replace it (its database is kept as /data/db.before-restore-<time>).");
            // A node that does not answer /ledger (stopped, still starting, crashed) may hold any
            // amount of data: then the files decide, so silence never counts as "empty".
            if (height is null && await HoldsFilesAsync(node, cancellationToken))
                throw new UserErrorException($"{node} does not answer /ledger and /data/db holds files; add --force to replace them (they are kept as /data/db.before-restore-<time>).");
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
        await Task.WhenAll(nodes.Select(n => WaveletProcess.StopAsync(n, cancellationToken)));
        try
        {
            await Task.WhenAll(restores.Select(r => SwapAsync(r.Node, r.Dump, stamp, cancellationToken)));
        }
        finally
        {
            // Whatever happened, a node is never left with /wavelet paused.
            await Task.WhenAll(nodes.Select(n => WaveletProcess.StartAsync(n, CancellationToken.None)));
        }
        var heights = await Task.WhenAll(restores.Select(r => WaveletLedger.WaitForHeightAsync(r.Node, r.Manifest.Height, HeightTimeout, cancellationToken)));
        for (var i = 0; i < restores.Count; i++) Ui.Success($"{restores[i].Node} answers at height {heights[i]} (dump: {restores[i].Manifest.Height}).");
    }

    static async Task<bool> HoldsFilesAsync(NodeContainer node, CancellationToken cancellationToken) =>
        (await ContainerExec.ShellAsync(node, "[ -n \"$(ls -A /data/db 2>/dev/null)\" ]", cancellationToken)).Succeeded;

    static async Task SwapAsync(NodeContainer node, string input, string stamp, CancellationToken cancellationToken)
    {
        var aside = $"/data/db.before-restore-{stamp}";
        await ContainerExec.ShellCheckedAsync(node, "set the old database aside", "[ ! -e /data/db ] || mv /data/db \"$1\"", cancellationToken, aside);
        try
        {
            await using var tar = await DbDumpFile.DatabaseTarAsync(input, cancellationToken);
            await NodeCopy.PutArchiveAsync(node, "/data", tar, cancellationToken);
        }
        catch
        {
            await ContainerExec.ShellAsync(node, "rm -rf /data/db && mv \"$1\" /data/db", CancellationToken.None, aside);
            throw;
        }
        Ui.Info($"{node}: database replaced (the old one is in {aside}).");
    }
}
