using System.Diagnostics;
using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Node;

/// <summary>
/// How a node leaves the stack (SIGTERM: a scale-down, a stop, an update) so that the others
/// forget it at once. Wavelet never drops a vanished peer from its routing table by itself; only
/// /node/disconnect over a live outgoing connection does, and any message the peer sends after
/// that lists it again. So, in rounds (each bounded, all within <see cref="Bound"/>):
/// <list type="number">
/// <item>"connect": every other node dials this one (a live link to drop it over) and acknowledges;</item>
/// <item>freeze /wavelet (SIGSTOP: its links stay up but it sends nothing more), let what it had
/// already sent arrive (<see cref="Drain"/>);</item>
/// <item>"drop": every other node disconnects it (<see cref="DepartingPeers"/>);</item>
/// <item>done when no other node's /ledger lists it; otherwise thaw it and go again.</item>
/// </list>
/// The registration is withdrawn first (the load balancer and the peering loops let it go), and
/// the notice lives under its own lease, so a leaver that dies midway leaves nothing behind.
/// </summary>
public static class Departure
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(6);
    static readonly TimeSpan AckWait = TimeSpan.FromSeconds(1);
    static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(300);
    static readonly TimeSpan ForgetWait = TimeSpan.FromMilliseconds(1500);
    const int NoticeTtlSeconds = 15;

    /// <param name="withdraw">Revokes the registration; completes when it is gone from etcd.</param>
    /// <param name="beforeFreeze">Runs just before each freeze: the node's last height is read then (RestMarker), since a frozen node adds no block.</param>
    public static async Task LeaveAsync(WaveletSupervisor supervisor, Func<Task> withdraw, Func<CancellationToken, Task> beforeFreeze,
        EtcdStore store, string advertised, int selfSlot)
    {
        var watch = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(Bound);
        var ct = deadline.Token;
        List<(int Slot, WaveletApi Api)> others = [];
        long lease = 0;
        try
        {
            others = await OthersAsync(store, selfSlot, ct);
            lease = await store.GrantLeaseAsync(NoticeTtlSeconds, ct);
            await store.DeletePrefixAsync(StackKeys.LeavingAcks(selfSlot), ct);
            await store.PutAsync($"{StackKeys.Leaving}{selfSlot}", new LeaveNotice(advertised, 1, LeaveNotice.Connect).ToJson(), lease, ct);
        }
        catch (Exception e) { Log.Warn($"leaving the stack: could not announce it ({e.Message}); the others drop this node when its registration goes"); }
        await WithdrawAsync(withdraw);
        if (lease == 0 || others.Count == 0) { Dispose(others); return; }

        try
        {
            for (var round = 1; !ct.IsCancellationRequested; round++)
            {
                if (round > 1)
                {
                    supervisor.Thaw();
                    await store.PutAsync($"{StackKeys.Leaving}{selfSlot}", new LeaveNotice(advertised, round, LeaveNotice.Connect).ToJson(), lease, ct);
                }
                await WaitForAcksAsync(store, selfSlot, round, others.Select(o => o.Slot).ToHashSet(), ct);
                await beforeFreeze(ct);
                if (!supervisor.Freeze()) return; // /wavelet is not running: nobody can list it again
                await Task.Delay(Drain, ct);
                await store.PutAsync($"{StackKeys.Leaving}{selfSlot}", new LeaveNotice(advertised, round, LeaveNotice.Drop).ToJson(), lease, ct);
                var listing = await WaitUntilForgottenAsync(others, advertised, ct);
                if (listing.Count == 0)
                {
                    Log.Info($"left the stack: no other node lists {advertised} ({watch.ElapsedMilliseconds} ms, {round} round{(round > 1 ? "s" : "")})");
                    return;
                }
                Log.Info($"leaving the stack: node{(listing.Count > 1 ? "s" : "")} {string.Join(", ", listing)} still list{(listing.Count > 1 ? "" : "s")} {advertised} after round {round}");
            }
        }
        catch (Exception) when (ct.IsCancellationRequested) { }
        catch (Exception e)
        {
            // Leaving cleanly is best effort: the node stops either way.
            Log.Warn($"leaving the stack: could not make sure the other nodes dropped {advertised} ({e.Message})");
            return;
        }
        finally
        {
            supervisor.Freeze();
            await CleanUpAsync(store, lease, selfSlot);
            Dispose(others);
        }
        Log.Warn($"leaving the stack: other nodes still list {advertised} after {Bound.TotalSeconds:0} s; stopping anyway");
    }

    static async Task WithdrawAsync(Func<Task> withdraw)
    {
        try { await withdraw(); }
        catch (Exception e) { Log.Warn($"leaving the stack: withdrawing the registration failed ({e.Message})"); }
    }

    /// <summary>The other registered nodes' APIs (on the stack network, as their records say).</summary>
    static async Task<List<(int Slot, WaveletApi Api)>> OthersAsync(EtcdStore store, int selfSlot, CancellationToken ct)
    {
        var (values, _) = await store.GetPrefixAsync(StackKeys.Nodes, ct);
        return StackKeys.Slots(values, StackKeys.Nodes).Where(n => n.Key != selfSlot)
            .Select(n => (n.Key, Record: NodeRecord.TryParse(n.Value))).Where(n => n.Record is not null)
            .Select(n => (n.Key, new WaveletApi($"http://{n.Record!.Ip}:{n.Record.ApiPort}", null, TimeSpan.FromSeconds(1))))
            .ToList();
    }

    /// <summary>Until every other node acknowledged <paramref name="round"/>, or <see cref="AckWait"/> (one that does not answer must not hold the rest up).</summary>
    static async Task WaitForAcksAsync(EtcdStore store, int selfSlot, int round, IReadOnlySet<int> slots, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < AckWait)
        {
            var (acks, _) = await store.GetPrefixAsync(StackKeys.LeavingAcks(selfSlot), ct);
            var done = StackKeys.Slots(acks, StackKeys.LeavingAcks(selfSlot)).Where(a => int.TryParse(a.Value, out var r) && r >= round).Select(a => a.Key);
            if (slots.IsSubsetOf(done)) return;
            await Task.Delay(50, ct);
        }
    }

    /// <summary>The slots that still list <paramref name="address"/> after <see cref="ForgetWait"/>; empty as soon as none does.</summary>
    static async Task<List<int>> WaitUntilForgottenAsync(List<(int Slot, WaveletApi Api)> others, string address, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var listing = (await Task.WhenAll(others.Select(async o => (o.Slot, Lists: await ListsAsync(o.Api, address, ct)))))
                .Where(o => o.Lists).Select(o => o.Slot).ToList();
            if (listing.Count == 0 || waited.Elapsed >= ForgetWait) return listing;
            await Task.Delay(100, ct);
        }
    }

    static async Task CleanUpAsync(EtcdStore store, long lease, int selfSlot)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            if (lease != 0) await store.RevokeLeaseAsync(lease, timeout.Token);
            await store.DeletePrefixAsync(StackKeys.LeavingAcks(selfSlot), timeout.Token);
        }
        catch (Exception e) { Log.Warn($"leaving the stack: could not remove the departure notice; it expires in {NoticeTtlSeconds} s ({e.Message})"); }
    }

    static void Dispose(List<(int Slot, WaveletApi Api)> others) => others.ForEach(o => o.Api.Dispose());

    /// <summary>Whether the node at <paramref name="api"/> lists <paramref name="address"/>; a node that does not answer lists nobody.</summary>
    static async Task<bool> ListsAsync(WaveletApi api, string address, CancellationToken ct)
    {
        try { return (await api.PeersAsync(ct)).Contains(address); }
        catch (Exception) when (!ct.IsCancellationRequested) { return false; }
    }
}
