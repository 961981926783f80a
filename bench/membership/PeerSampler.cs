using System.Diagnostics;
using WaveletStack.Docker;
using WaveletStack.Stack;

/// <summary>
/// Asks every node's /ledger (through its load-balancer port) every 250 ms while a membership
/// change runs: the fewest peers any of the nodes that were already there had, and when every
/// node first had its peers.
/// </summary>
sealed class PeerSampler : IAsyncDisposable
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    readonly IEngineConnection engine;
    readonly string stack;
    readonly int existing;
    readonly CancellationTokenSource stop;
    readonly LedgerProbe probe = new("127.0.0.1");
    readonly Task sampling;
    volatile int[] last = [];

    public int MinimumOfExisting { get; private set; } = int.MaxValue;

    PeerSampler(IEngineConnection engine, string stack, int existing, CancellationToken token)
    {
        (this.engine, this.stack, this.existing) = (engine, stack, existing);
        stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        sampling = RunAsync();
    }

    public static PeerSampler Start(IEngineConnection engine, string stack, int existing, CancellationToken token) => new(engine, stack, existing, token);

    async Task RunAsync()
    {
        var ports = (await StackSnapshot.ReadAsync(engine, stack, stop.Token)).LbPorts;
        while (!stop.IsCancellationRequested)
        {
            var next = Task.Delay(Interval, stop.Token);
            var slots = Enumerable.Range(1, 64).Where(i => ports.ContainsKey(PortPlan.LbNodeApiBase + i - 1)).ToList();
            var peers = await Task.WhenAll(slots.Select(async i => (await probe.ReadAsync(ports[PortPlan.LbNodeApiBase + i - 1], stop.Token))?.Peers ?? -1));
            last = peers;
            MinimumOfExisting = Math.Min(MinimumOfExisting, peers.Take(existing).Min());
            try { await next; } catch (OperationCanceledException) { }
        }
    }

    /// <summary>When the first <paramref name="nodes"/> nodes all had at least <paramref name="wanted"/> peers (UTC).</summary>
    public async Task<DateTime> WaitAllPeeredAsync(int nodes, int wanted, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var now = last;
            if (now.Length >= nodes && now.Take(nodes).All(p => p >= wanted)) return DateTime.UtcNow;
            await Task.Delay(50, stop.Token);
        }
        throw new TimeoutException($"not every node had {wanted} peers within {timeout.TotalSeconds:0} s: [{string.Join(", ", last)}]");
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        try { await sampling; } catch (OperationCanceledException) { }
        probe.Dispose();
        stop.Dispose();
    }
}
