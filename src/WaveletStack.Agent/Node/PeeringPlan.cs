namespace WaveletStack.Agent.Node;

/// <summary>What to ask the node for: peers to connect to and peers to drop.</summary>
public sealed record PeeringPlan(IReadOnlyList<string> Connect, IReadOnlyList<string> Disconnect)
{
    /// <summary>
    /// Neighbours dialled on each side of the ring. Two sides make every link a dial in both
    /// directions, which Wavelet needs to forget a peer: /node/disconnect removes a peer from its
    /// routing table only through an outgoing connection, and a peer that left without one stays
    /// listed for minutes. Eight a side keeps each node's table (16 per bucket in S/Kademlia) from
    /// filling up in large stacks.
    /// </summary>
    public const int NeighboursPerSide = 8;

    public bool IsEmpty => Connect.Count == 0 && Disconnect.Count == 0;

    /// <summary>
    /// The peering decision, a pure function of what etcd, the node and this agent know.
    /// Connect: every neighbour (<see cref="Neighbours"/>) that this /wavelet has not dialled yet
    /// or that its /ledger does not list. Registered peers are never dropped.
    /// Disconnect: peers that were registered once (<paramref name="everRegistered"/>) and are not
    /// now, while the node lists or has dialled them. Peers never in the stack are left alone.
    /// </summary>
    /// <param name="selfSlot">This node's slot (WAVELET_NODE_ID).</param>
    /// <param name="registered">etcd's /peers: slot → advertised "ip:port" (may include this node).</param>
    /// <param name="current">Addresses in the node's /ledger peers.</param>
    /// <param name="dialled">Addresses this /wavelet connected to since it started, and not disconnected since.</param>
    /// <param name="everRegistered">Every address seen under /peers since the agent started.</param>
    /// <param name="k">WAVELET_SNOWBALL_K.</param>
    /// <param name="leaving">Addresses of nodes that are leaving: neither connected nor dropped here (their departure does both, in order).</param>
    public static PeeringPlan Decide(int selfSlot, IReadOnlyDictionary<int, string> registered,
        IReadOnlySet<string> current, IReadOnlySet<string> dialled, IReadOnlySet<string> everRegistered, int k,
        IReadOnlySet<string>? leaving = null)
    {
        leaving ??= new HashSet<string>();
        registered.TryGetValue(selfSlot, out var selfAddress);
        var connect = Neighbours(selfSlot, registered, k).Where(a => (!dialled.Contains(a) || !current.Contains(a)) && !leaving.Contains(a)).ToList();
        var registeredAddresses = registered.Values.ToHashSet();
        var disconnect = current.Union(dialled)
            .Where(a => everRegistered.Contains(a) && !registeredAddresses.Contains(a) && a != selfAddress && !leaving.Contains(a))
            .Order(StringComparer.Ordinal).ToList();
        return new PeeringPlan(connect, disconnect);
    }

    /// <summary>
    /// The peers this node dials: all others when there are few, else the nearest on each side of
    /// the slot ring (at least half of K a side), so the stack stays one connected graph.
    /// </summary>
    public static IReadOnlyList<string> Neighbours(int selfSlot, IReadOnlyDictionary<int, string> registered, int k)
    {
        registered.TryGetValue(selfSlot, out var selfAddress);
        var ring = registered
            .Where(p => p.Key != selfSlot && p.Value != selfAddress)
            .OrderBy(p => p.Key > selfSlot ? 0 : 1).ThenBy(p => p.Key)
            .Select(p => p.Value).Distinct().ToList();
        var perSide = Math.Max(NeighboursPerSide, (k + 1) / 2);
        return ring.Count <= 2 * perSide ? ring : ring.Take(perSide).Concat(ring.TakeLast(perSide)).ToList();
    }
}
