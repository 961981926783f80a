using System.Diagnostics;
using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Node;

/// <summary>
/// How a node leaves the stack (SIGTERM: a scale-down, a stop, an update) so that the others
/// forget it at once. Wavelet keeps a peer that vanished in its routing table for minutes and
/// removes it only on /node/disconnect over a live outgoing connection. So: freeze /wavelet
/// (it sends nothing that would make a peer list it again, and its connections stay up),
/// withdraw the registration (every other agent sees it go and disconnects), wait until no
/// other node's /ledger lists this one (or <see cref="Bound"/> passes), then let /wavelet stop.
/// </summary>
public static class Departure
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);
    static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(300);

    /// <param name="withdraw">Revokes the registration; completes when it is gone from etcd.</param>
    public static async Task LeaveAsync(WaveletSupervisor supervisor, Func<Task> withdraw, EtcdStore store, string advertised, int selfSlot)
    {
        var watch = Stopwatch.StartNew();
        var frozen = supervisor.Freeze();
        // Requests it had already sent are still being served, and each lists it again there.
        if (frozen) await Task.Delay(Drain);
        try { await withdraw(); }
        catch (Exception e) { Log.Warn($"leaving the stack: withdrawing the registration failed ({e.Message})"); }
        if (!frozen) return; // /wavelet was not running: nobody lists it
        using var deadline = new CancellationTokenSource(Bound);
        try
        {
            var (values, _) = await store.GetPrefixAsync(StackKeys.Nodes, deadline.Token);
            var others = StackKeys.Slots(values, StackKeys.Nodes).Where(n => n.Key != selfSlot)
                .Select(n => NodeRecord.TryParse(n.Value)).OfType<NodeRecord>().ToList();
            var apis = others.Select(n => new WaveletApi($"http://{n.Ip}:{n.ApiPort}", null, TimeSpan.FromSeconds(1))).ToList();
            try
            {
                while (!deadline.IsCancellationRequested)
                {
                    var listing = await Task.WhenAll(apis.Select(api => ListsAsync(api, advertised, deadline.Token)));
                    if (!listing.Contains(true))
                    {
                        Log.Info($"left the stack: no other node lists {advertised} ({watch.ElapsedMilliseconds} ms)");
                        return;
                    }
                    await Task.Delay(100, deadline.Token);
                }
            }
            finally { apis.ForEach(a => a.Dispose()); }
        }
        catch (Exception) when (deadline.IsCancellationRequested) { }
        catch (Exception e)
        {
            // Leaving cleanly is best effort: the node stops either way.
            Log.Warn($"leaving the stack: could not check that the other nodes dropped {advertised} ({e.Message})");
            return;
        }
        Log.Warn($"leaving the stack: other nodes still list {advertised} after {Bound.TotalSeconds:0} s; stopping anyway");
    }

    /// <summary>Whether the node at <paramref name="api"/> lists <paramref name="address"/>; a node that does not answer lists nobody.</summary>
    static async Task<bool> ListsAsync(WaveletApi api, string address, CancellationToken ct)
    {
        try { return (await api.PeersAsync(ct)).Contains(address); }
        catch (Exception) when (!ct.IsCancellationRequested) { return false; }
    }
}
