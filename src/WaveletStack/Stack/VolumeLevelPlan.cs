namespace WaveletStack.Stack;

/// <summary>
/// What to copy before the node service is created over kept volumes (pure: the leveller reads the
/// volumes, this decides). Two reasons, one rule each:
/// <list type="bullet">
/// <item><b>Level</b>: a node whose height is below the highest node's gets the highest node's
/// database. Wavelet v0.2.1 syncs from its peers only when they are at least 5 blocks ahead; a node
/// 1–4 blocks behind votes on nothing, and with 3 nodes and K = 2 the others then never finalise
/// the next block (seen: heights 40/36/40 after StopStack → DeployStack, 0 TPS for good). A node 5
/// or more behind is levelled too: it would sync, but only over the network once it has peers, and
/// until then it votes on nothing either, while a copy before start costs one local tar.</item>
/// <item><b>Follow</b> (a swarm of more than one host): swarm places node i on any host, and
/// cannot pin one slot of a service; so node i's newest copy (highest generation: the agent bumps it
/// at every start) goes to every host whose copy is missing or older, and node i finds its own
/// newest database wherever it lands.</item>
/// </list>
/// Volumes without a marker (made by an agent older than the marker) are left as they are, with a note.
/// </summary>
public static class VolumeLevelPlan
{
    /// <summary>One node's volume on one host, and its marker when it has one.</summary>
    public sealed record Copy(int Node, string Host, VolumeMarker? Marker);

    public enum Reason { Level, Follow }

    /// <summary>Copy node <c>FromNode</c>'s volume on <c>FromHost</c> into node <c>ToNode</c>'s on <c>ToHost</c>, then mark it <c>Marker</c>.</summary>
    public sealed record Transfer(Reason Why, int FromNode, string FromHost, int ToNode, string ToHost, VolumeMarker Marker, long? HeightBefore);

    public sealed record Result(IReadOnlyList<Transfer> Transfers, IReadOnlyList<string> Notes);

    /// <param name="hosts">Every ready host of the swarm; more than one turns on Follow.</param>
    public static Result Decide(IReadOnlyList<Copy> copies, IReadOnlyList<string> hosts, int nodes)
    {
        var notes = new List<string>();
        var newest = new Dictionary<int, Copy>();
        for (var node = 1; node <= nodes; node++)
        {
            var own = copies.Where(c => c.Node == node).ToList();
            var marked = own.Where(c => c.Marker is not null).ToList();
            if (own.Count > 0 && marked.Count == 0)
                notes.Add($"node {node}: its volume ({string.Join(", ", own.Select(c => c.Host))}) has no height marker (made before markers were kept): left as it is");
            if (marked.Count > 0) newest[node] = marked.MaxBy(c => (c.Marker!.Generation, c.Marker.Height ?? -1))!;
        }
        foreach (var (node, copy) in newest.Where(n => n.Value.Marker!.Height is null))
            notes.Add($"node {node}: its height was never read (its /wavelet never answered): not levelled");

        var highest = newest.Values.Where(c => c.Marker!.Height is not null).MaxBy(c => c.Marker!.Height);
        var multiHost = hosts.Count > 1;
        var transfers = new List<Transfer>();
        foreach (var (node, own) in newest.OrderBy(n => n.Key))
        {
            var lags = highest is not null && own.Marker!.Height is { } height && height < highest.Marker!.Height;
            var source = lags ? highest! : own;
            var marker = own.Marker! with { Node = node, Height = source.Marker!.Height };
            // One host: only where the volume is; several: every host, so the node finds it anywhere.
            var targets = multiHost ? hosts : copies.Where(c => c.Node == node).Select(c => c.Host).Distinct().ToList();
            foreach (var host in targets)
            {
                var there = copies.FirstOrDefault(c => c.Node == node && c.Host == host);
                if (lags)
                    transfers.Add(new Transfer(Reason.Level, source.Node, source.Host, node, host, marker, there?.Marker?.Height ?? own.Marker.Height));
                else if (there != own && Older(there, own))
                    transfers.Add(new Transfer(Reason.Follow, own.Node, own.Host, node, host, marker, there?.Marker?.Height));
            }
        }
        return new Result(transfers, notes);
    }

    static bool Older(Copy? there, Copy newest) =>
        there?.Marker is not { } marker
        || (marker.Generation, marker.Height ?? -1).CompareTo((newest.Marker!.Generation, newest.Marker.Height ?? -1)) < 0;
}
