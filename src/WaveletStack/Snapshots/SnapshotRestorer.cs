using System.Diagnostics;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Node;
using WaveletStack.Output;
using WaveletStack.Stack;

namespace WaveletStack.Snapshots;

/// <summary>
/// `RestoreStack --input F --to NEW`: a new stack made from a SnapshotStack file. The file is proven
/// whole and NEW proven new (no configuration, no services, no volumes on its swarm) before
/// anything is made; then NEW's file is written from the snapshot's configuration (its ports
/// left free), NEW is deployed, each node i gets node i's database (all in the same phases, as
/// RestoreDb --all), and NEW is waited for until healthy at the snapshot's heights.
/// </summary>
public sealed class SnapshotRestorer(StackDuplicator stacks)
{
    /// <returns>How long the restore took, from the first check to healthy.</returns>
    public async Task<TimeSpan> RunAsync(string? input, string? target, int? expectedNodes, IEngineConnection targetEngine,
        StackDuplicator.DeployStack deploy, StackDuplicator.WaitHealthy waitHealthy, CancellationToken cancellationToken)
    {
        var took = Stopwatch.StartNew();
        var to = StackName.Check(target ?? throw new UserErrorException("RestoreStack needs --to <newStack>."));
        using var snapshot = await SnapshotArchive.OpenAsync(input, expectedNodes, cancellationToken);
        var manifest = snapshot.Manifest;
        var file = await stacks.NewStackAsync(to, targetEngine, cancellationToken);
        if ((await new StackVolumes(targetEngine, to).ListAsync(cancellationToken)).FirstOrDefault() is { } volume)
            throw new UserErrorException($"Stack '{to}' has database volumes ({volume.Name} on {volume.Host}); choose another name, or remove them with `./build.sh CleanVolumes --stack {to} --force`.");
        Ui.Info($"Snapshot of {manifest.Stack} taken {manifest.Time:u}: {manifest.Nodes.Count} nodes at heights {string.Join(", ", manifest.Nodes.Select(n => n.Height))}.");

        var text = SnapshotConfiguration.FileText(manifest, input!);
        // The layers above the stack's file (the environment) still apply: they must not change the node count.
        if (file.Check(text).Configuration.Nodes is var nodeCount && nodeCount != manifest.Nodes.Count)
            throw new UserErrorException($"Stack '{to}' would run {nodeCount} nodes (WAVELET_NODES from the environment or config/) but the snapshot holds {manifest.Nodes.Count}; unset it and retry. Nothing was created.");
        // Saved as SetConfig saves: checked whole first, owner-only when it holds keys.
        await file.SaveAsync(text, cancellationToken);
        Ui.Info($"Wrote {file.Location} from the snapshot's configuration.");
        try
        {
            await deploy(to, cancellationToken);
        }
        catch
        {
            await stacks.ForgetAsync(file); // nothing of the new stack is left to refuse a retry
            throw;
        }
        var nodes = await new NodeLocator(targetEngine, to).AllWaveletNodesAsync(cancellationToken);
        // The new stack holds only what it made since it started: replacing that is the point.
        await DbRestore.RunAsync(nodes.Select(n => new DbRestore.NodeDump(n, snapshot.DumpOf(n.Id.Slot), snapshot.Dumps[n.Id.Slot])).ToList(),
            force: true, cancellationToken);
        // Each restored /wavelet restarted with no peers: done means peered again, as after a deploy.
        await waitHealthy(to, cancellationToken);
        Ui.Success($"Stack '{to}' runs {nodes.Count} nodes restored from {manifest.Stack}'s snapshot in {took.Elapsed.TotalSeconds:0.0} s.");
        return took.Elapsed;
    }
}
