using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Node;

/// <summary>
/// Keeps the node's peers in line with etcd's /peers through the node's API: reconciles at once
/// on every change of the registrations (the watch), after every /wavelet start, and every few
/// seconds (a connect that failed, a peer that dropped). Registrations are the truth, not
/// /ledger, which lists a vanished peer for minutes. It remembers which peers this /wavelet
/// dialled: only those can be disconnected (see <see cref="PeeringPlan.NeighboursPerSide"/>).
/// Nodes that are leaving are left to <see cref="DepartingPeers"/>.
/// </summary>
public sealed class PeeringLoop(int selfSlot, int k, WaveletApi api, Action<string> restartWavelet, Func<IReadOnlySet<string>> leaving,
    int failureLimit = PeeringLoop.FailureLimit)
{
    static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);
    static readonly TimeSpan DisconnectRetry = TimeSpan.FromSeconds(1);
    /// <summary>Consecutive unanswered /ledger calls (one to two minutes) before /wavelet is restarted.</summary>
    public const int FailureLimit = 30;

    readonly SemaphoreSlim wake = new(0);
    readonly HashSet<string> everRegistered = [];
    readonly HashSet<string> dialled = [];
    readonly Dictionary<string, DateTime> lastDisconnect = [];
    volatile IReadOnlyDictionary<int, string> registered = new Dictionary<int, string>();
    int failures;
    /// <summary>A node that has not answered since it started is starting (a big database loads slowly), not failing.</summary>
    volatile bool answeredSinceStart;

    public Task OnPeersChanged(IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var slots = StackKeys.PeerAddresses(values);
        lock (everRegistered) everRegistered.UnionWith(slots.Values);
        registered = slots;
        Wake();
        return Task.CompletedTask;
    }

    public void OnWaveletStarted()
    {
        answeredSinceStart = false;
        lock (dialled) dialled.Clear();
        Interlocked.Exchange(ref failures, 0);
        Wake();
    }

    void Wake()
    {
        if (wake.CurrentCount == 0) wake.Release();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await wake.WaitAsync(Tick, ct); }
            catch (OperationCanceledException) { return; }
            await ReconcileAsync(ct);
        }
    }

    async Task ReconcileAsync(CancellationToken ct)
    {
        IReadOnlySet<string> current;
        try { current = await api.PeersAsync(ct); }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (answeredSinceStart && Interlocked.Increment(ref failures) == failureLimit)
            {
                Interlocked.Exchange(ref failures, 0);
                restartWavelet($"its API has not answered /ledger {failureLimit} times in a row ({e.Message})");
            }
            return;
        }
        Interlocked.Exchange(ref failures, 0);
        answeredSinceStart = true;

        PeeringPlan plan;
        HashSet<string> dialledNow;
        lock (dialled) dialledNow = [.. dialled];
        lock (everRegistered) plan = PeeringPlan.Decide(selfSlot, registered, current, dialledNow, everRegistered, k, leaving());
        var disconnect = plan.Disconnect.Where(DueForDisconnect).ToList();
        await Task.WhenAll(plan.Connect.Select(ConnectAsync).Concat(disconnect.Select(DisconnectAsync)));

        async Task ConnectAsync(string address)
        {
            if (await CallAsync("connect to", address, api.ConnectAsync, ct)) lock (dialled) dialled.Add(address);
        }

        async Task DisconnectAsync(string address)
        {
            await CallAsync("disconnect from", address, api.DisconnectAsync, ct);
            lock (dialled) dialled.Remove(address);
        }
    }

    /// <summary>
    /// A peer that vanished stays in /ledger (the node answers 500); one that is leaving may be
    /// listed again by a request it had sent. Asking once per <see cref="DisconnectRetry"/> covers both.
    /// </summary>
    bool DueForDisconnect(string address)
    {
        var now = DateTime.UtcNow;
        if (lastDisconnect.TryGetValue(address, out var last) && now - last < DisconnectRetry) return false;
        lastDisconnect[address] = now;
        return true;
    }

    /// <summary>True when the node did what was asked.</summary>
    static async Task<bool> CallAsync(string what, string address, Func<string, CancellationToken, Task> call, CancellationToken ct)
    {
        try
        {
            await call(address, ct);
            Log.Info($"peering: {what} {address}");
            return true;
        }
        catch (WaveletApiException e) when (e.Status == 500 && what.StartsWith("disconnect"))
        {
            // "peer not found": no live outgoing connection (it is already gone); nothing to undo.
            return false;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Log.Warn($"peering: could not {what} {address}: {e.Message}; retrying");
            return false;
        }
    }
}
