using System.Diagnostics;
using WaveletStack.Compose;
using WaveletStack.Docker;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// Runs before the node service is created over kept volumes (StopStack → DeployStack): reads every
/// node volume's marker on every host, lets <see cref="VolumeLevelPlan"/> decide, and copies the
/// databases it names, printing one line per copy. A stack with no volumes costs one volume listing.
/// </summary>
public sealed class VolumeLeveller(IEngineConnection engine, string stack)
{
    /// <param name="image">The node image as the service references it (present on hosts that ran a node).</param>
    public async Task RunAsync(string image, int nodes, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        // The plan speaks of hosts by name (what the lines print); the engine is reached by swarm node id.
        var ids = (await engine.Manager.Swarm.ListNodesAsync(cancellationToken)).Where(n => n.Status?.State == "ready")
            .ToDictionary(n => n.Description?.Hostname ?? n.ID, n => n.ID);
        var hosts = ids.Keys.ToList();
        var volumes = (await new StackVolumes(engine, stack).ListAsync(cancellationToken))
            .Select(v => (Volume: v, Node: NodeOf(v.Name))).Where(v => v.Node is >= 1 && v.Node <= nodes).ToList();
        if (volumes.Count == 0) return;

        var access = new Dictionary<string, VolumeAccess>();
        var saved = new Dictionary<(int, string), string>();
        try
        {
            var copies = new List<VolumeLevelPlan.Copy>();
            foreach (var onHost in volumes.GroupBy(v => v.Volume.Host))
            {
                var client = await engine.ForSwarmNodeAsync(onHost.First().Volume.SwarmNodeId, cancellationToken);
                var reader = access[onHost.Key] = await VolumeAccess.OpenAsync(client, stack, image, onHost.Select(v => v.Volume.Name), cancellationToken);
                foreach (var (volume, node) in onHost)
                    copies.Add(new VolumeLevelPlan.Copy(node!.Value, onHost.Key, await reader.ReadMarkerAsync(volume.Name, cancellationToken)));
            }
            var plan = VolumeLevelPlan.Decide(copies, hosts, nodes);
            foreach (var note in plan.Notes) Ui.Info(note);
            foreach (var (node, host) in plan.Transfers.Select(t => (t.FromNode, t.FromHost)).Distinct())
            {
                var tar = saved[(node, host)] = Path.Combine(Path.GetTempPath(), $"wst-level-{Guid.NewGuid():N}.tar");
                await access[host].SaveDatabaseAsync(Volume(node), tar, cancellationToken);
            }
            // Every target volume is another node's or another host's: all at once (a swarm's hosts
            // answer over SSH, 2–4 s per copy one after the other on a local swarm of 2).
            await Task.WhenAll(plan.Transfers.Select(async t => await VolumeAccess.ReplaceAsync(await engine.ForSwarmNodeAsync(ids[t.ToHost], cancellationToken),
                stack, image, Volume(t.ToNode), saved[(t.FromNode, t.FromHost)], t.Marker, cancellationToken)));
            foreach (var transfer in plan.Transfers) Ui.Info(Describe(transfer, hosts.Count > 1));
            if (plan.Transfers.Count > 0)
                Ui.Info($"Node volumes: {plan.Transfers.Count} database(s) copied before the nodes start ({watch.Elapsed.TotalSeconds:0.00} s).");
        }
        finally
        {
            foreach (var reader in access.Values) await reader.DisposeAsync();
            foreach (var file in saved.Values) File.Delete(file);
        }
    }

    string Volume(int node) => StackNaming.Volume(stack, StackNaming.NodeService, node);

    int? NodeOf(string volume)
    {
        var prefix = Volume(0)[..^1];
        return volume.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(volume[prefix.Length..], out var node) ? node : null;
    }

    static string Describe(VolumeLevelPlan.Transfer t, bool multiHost)
    {
        var where = multiHost ? $" on {t.ToHost}" : "";
        return t.Why == VolumeLevelPlan.Reason.Level
            ? $"node {t.ToNode}{where}: height {t.HeightBefore?.ToString() ?? "unknown"} → {t.Marker.Height}, database copied from node {t.FromNode}{(multiHost ? $" on {t.FromHost}" : "")} (Wavelet syncs only from 5 blocks behind)"
            : $"node {t.ToNode}{where}: its newest database (generation {t.Marker.Generation}, height {t.Marker.Height?.ToString() ?? "unknown"}) copied from {t.FromHost}" +
              $"{(t.HeightBefore is { } h ? $" over an older copy at height {h}" : "")}, so the node finds it wherever swarm places it";
    }
}
