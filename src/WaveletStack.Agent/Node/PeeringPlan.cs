namespace WaveletStack.Agent.Node;

/// <summary>What to ask the node for: peers to connect to and peers to drop.</summary>
public sealed record PeeringPlan(IReadOnlyList<string> Connect, IReadOnlyList<string> Disconnect)
{
    public bool IsEmpty => Connect.Count == 0 && Disconnect.Count == 0;

    /// <summary>
    /// The peering decision, a pure function of what etcd and the node say.
    /// Connect: every other registered node when there are at most K of them, else the K that
    /// follow this slot round the ring (each node dialling its successors keeps the whole stack
    /// one connected graph, which "any K peers" would not). Registered peers are never dropped,
    /// even beyond K, so a peer that dials back is not fought.
    /// Disconnect: current peers that were registered once (<paramref name="everRegistered"/>)
    /// and are not now. Peers that never were in the stack are left alone.
    /// </summary>
    /// <param name="selfSlot">This node's slot (WAVELET_NODE_ID).</param>
    /// <param name="registered">etcd's /peers: slot → advertised "ip:port" (may include this node).</param>
    /// <param name="current">Addresses in the node's /ledger peers.</param>
    /// <param name="everRegistered">Every address seen under /peers since the agent started.</param>
    /// <param name="k">WAVELET_SNOWBALL_K.</param>
    public static PeeringPlan Decide(int selfSlot, IReadOnlyDictionary<int, string> registered,
        IReadOnlySet<string> current, IReadOnlySet<string> everRegistered, int k)
    {
        registered.TryGetValue(selfSlot, out var selfAddress);
        var ring = registered
            .Where(p => p.Key != selfSlot && p.Value != selfAddress)
            .OrderBy(p => p.Key > selfSlot ? 0 : 1).ThenBy(p => p.Key)
            .Select(p => p.Value).Distinct().ToList();
        var wanted = ring.Count <= k ? ring : ring.Take(Math.Max(k, 1)).ToList();
        var connect = wanted.Where(a => !current.Contains(a)).ToList();
        var registeredAddresses = registered.Values.ToHashSet();
        var disconnect = current.Where(a => everRegistered.Contains(a) && !registeredAddresses.Contains(a) && a != selfAddress)
            .Order(StringComparer.Ordinal).ToList();
        return new PeeringPlan(connect, disconnect);
    }
}
