namespace WaveletStack.Sim.P2p;

/// <summary>
/// The peers `/ledger` lists, as the real node's S/Kademlia routing table keeps them: a peer is
/// added (or refreshed) by a handshake and by every message heard from it, and stays after its
/// connections die. The real table forgets a peer only on /node/disconnect (over a live outgoing
/// connection) or to make room in a full bucket, never because time passed; `expireAfter`
/// (--sim.peer-timeout, off by default) is a simulator-only shortcut for tests that want it.
/// Not thread-safe: the caller holds its lock.
/// </summary>
internal sealed class RoutingTable(TimeSpan expireAfter)
{
    sealed record Entry(string Address, long LastHeard);

    readonly Dictionary<string, Entry> byKey = new(StringComparer.Ordinal);

    /// <summary>Adds or refreshes a peer; a known key heard from a new address takes that address (as the real table does).</summary>
    public void Heard(string publicKey, string address) => byKey[publicKey] = new Entry(address, Environment.TickCount64);

    /// <summary>Forgets every peer advertising `address` (what the real node's disconnect deletes).</summary>
    public void ForgetAddress(string address)
    {
        foreach (var key in byKey.Where(e => e.Value.Address == address).Select(e => e.Key).ToList()) byKey.Remove(key);
    }

    /// <summary>With --sim.peer-timeout set: forgets the peers not heard from for that long; returns their addresses.</summary>
    public List<string> Expire()
    {
        if (expireAfter <= TimeSpan.Zero) return [];
        var now = Environment.TickCount64;
        var expired = byKey.Where(e => TimeSpan.FromMilliseconds(now - e.Value.LastHeard) > expireAfter).ToList();
        foreach (var e in expired) byKey.Remove(e.Key);
        return expired.Select(e => e.Value.Address).ToList();
    }

    public List<PeerInfo> Peers => byKey.Select(e => new PeerInfo(e.Value.Address, e.Key))
        .OrderBy(p => p.Address, StringComparer.Ordinal).ToList();

    public int Count => byKey.Count;
}
