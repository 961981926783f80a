using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>
/// The stack's database volumes on every host of the swarm (a node's volume lives on the host
/// that ran it). Removal prints each volume it removes; callers decide whether removing is allowed.
/// </summary>
public sealed class StackVolumes(IEngineConnection engine, string stack)
{
    /// <param name="CreatedAt">When the engine made it: a volume made again (its database started empty) has a new one.</param>
    public sealed record Volume(string Name, string Host, string SwarmNodeId, string? CreatedAt = null);

    public async Task<IReadOnlyList<Volume>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<Volume>();
        foreach (var node in await engine.Manager.Swarm.ListNodesAsync(cancellationToken))
        {
            if (node.Status?.State != "ready") continue;
            var host = await engine.ForSwarmNodeAsync(node.ID, cancellationToken);
            var volumes = await host.Volumes.ListAsync(new VolumesListParameters(), cancellationToken);
            found.AddRange(volumes.Volumes.Where(v => StackNaming.IsStackVolume(stack, v.Name))
                .Select(v => new Volume(v.Name, node.Description?.Hostname ?? node.ID, node.ID, v.CreatedAt)));
        }
        return found.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
    }

    const int InUseAttempts = 150; // 30 s

    public async Task<int> RemoveAllAsync(CancellationToken cancellationToken)
    {
        var volumes = await ListAsync(cancellationToken);
        foreach (var volume in volumes)
        {
            var host = await engine.ForSwarmNodeAsync(volume.SwarmNodeId, cancellationToken);
            // A task's container can hold its volume a moment after swarm stopped listing it
            // (a node that was just scaled away): retry "in use" for a bounded while.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await host.Volumes.RemoveAsync(volume.Name, false, cancellationToken);
                    break;
                }
                catch (global::Docker.DotNet.DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < InUseAttempts)
                {
                    Ui.Progress($"Volume {volume.Name} is still in use; waiting for its container to go…");
                    await Task.Delay(200, cancellationToken);
                }
            }
            Ui.EndProgress();
            Ui.Info($"Removed volume {volume.Name} on {volume.Host}");
        }
        return volumes.Count;
    }
}
