using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Node;

/// <summary>
/// This node's half of another node's departure (see <see cref="Departure"/>), driven by the
/// leaver's <see cref="LeaveNotice"/> under /leaving/. On "connect" it dials the leaver, so that
/// a live outgoing link exists (Wavelet's /node/disconnect removes a peer from the routing table
/// only over one), and acknowledges; on "drop" (the leaver is frozen now) it disconnects it.
/// While a node is leaving, the peering loop leaves that address alone (<see cref="Addresses"/>):
/// its connects and disconnects would race with these.
/// </summary>
public sealed class DepartingPeers(int selfSlot, WaveletApi api, EtcdStore store)
{
    static readonly TimeSpan DropRetry = TimeSpan.FromMilliseconds(100);
    const int DropAttempts = 3;

    readonly HashSet<(int Slot, int Round, string Phase)> handled = [];
    volatile IReadOnlySet<string> addresses = new HashSet<string>();

    /// <summary>The addresses of the nodes that are leaving now.</summary>
    public IReadOnlySet<string> Addresses => addresses;

    public Task OnNoticesChanged(IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var notices = StackKeys.Slots(values, StackKeys.Leaving)
            .Where(n => n.Key != selfSlot)
            .Select(n => (Slot: n.Key, Notice: LeaveNotice.TryParse(n.Value)))
            .Where(n => n.Notice is not null)
            .ToDictionary(n => n.Slot, n => n.Notice!);
        addresses = notices.Values.Select(n => n.Address).ToHashSet();
        lock (handled)
        {
            handled.RemoveWhere(h => !notices.ContainsKey(h.Slot));
            foreach (var (slot, notice) in notices)
            {
                // Each step once; they run beside the watch so that a slow dial does not hold up the next notice.
                if (handled.Add((slot, notice.Round, notice.Phase)))
                    _ = notice.Phase == LeaveNotice.Connect ? ConnectAsync(slot, notice, ct) : DropAsync(notice, ct);
            }
        }
        return Task.CompletedTask;
    }

    async Task ConnectAsync(int slot, LeaveNotice notice, CancellationToken ct)
    {
        try { await api.ConnectAsync(notice.Address, ct); }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Acknowledged anyway: the leaver waits for every node, and this one cannot do better.
            Log.Warn($"departure of {notice.Address}: could not connect to it first ({e.Message})");
        }
        try { await store.PutAsync($"{StackKeys.LeavingAcks(slot)}{selfSlot}", $"{notice.Round}", 0, ct); }
        catch (Exception e) when (!ct.IsCancellationRequested) { Log.Warn($"departure of {notice.Address}: could not acknowledge round {notice.Round} ({e.Message})"); }
    }

    async Task DropAsync(LeaveNotice notice, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= DropAttempts && !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                await api.DisconnectAsync(notice.Address, ct);
                Log.Info($"departure of {notice.Address}: disconnected (round {notice.Round})");
                return;
            }
            catch (WaveletApiException e) when (e.Status == 500)
            {
                // No live outgoing link (the connect did not take, or the link broke): the leaver sees it still listed and runs another round.
                if (attempt == DropAttempts) Log.Warn($"departure of {notice.Address}: the node has no link to drop it over ({e.Message})");
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                if (attempt == DropAttempts) Log.Warn($"departure of {notice.Address}: could not disconnect it ({e.Message})");
            }
            await Task.Delay(DropRetry, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
