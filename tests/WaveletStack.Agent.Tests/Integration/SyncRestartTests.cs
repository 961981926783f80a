using System.Collections.Concurrent;
using System.Diagnostics;
using WaveletStack.Agent.Etcd;
using Xunit;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>
/// The stack's sync service keeps no volume: killed, etcd comes back empty. Against a real etcd
/// restarted with its data wiped: watchers keep what they knew until the owners write it again
/// (nodes keep their peers, the load balancer its backends), owners write again at once, and an
/// entry whose owner is really gone still goes when the grace ends.
/// </summary>
public sealed class SyncRestartTests : IAsyncLifetime
{
    readonly EtcdServer etcd = new();

    public Task InitializeAsync() => etcd.InitializeAsync();
    public Task DisposeAsync() => etcd.DisposeAsync();

    [Fact]
    public async Task Watcher_AfterSyncRestartsEmpty_KeepsEntriesUntilRewrittenOrTheGraceEnds()
    {
        await etcd.PutAsync("/peers/1", "10.0.0.11:3000");
        await etcd.PutAsync("/peers/2", "10.0.0.12:3000");
        var deliveries = new ConcurrentQueue<(TimeSpan At, IReadOnlyDictionary<string, string> Values)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var grace = TimeSpan.FromSeconds(3);
        var watching = new PrefixWatcher(etcd.Client, "/peers/", grace).RunAsync((values, _) =>
        {
            deliveries.Enqueue((clock.Elapsed, values));
            return Task.CompletedTask;
        }, stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(deliveries.Any(d => d.Values.Count == 2)), TimeSpan.FromSeconds(10), () => "no first copy");

        await etcd.RestartEmptyAsync();
        var restarted = clock.Elapsed;
        await etcd.PutAsync("/peers/1", "10.0.0.21:3000"); // node 1 writes itself again (a new address); node 2 is gone for good
        await Eventually.HoldsAsync(() => Task.FromResult(deliveries.Any(d => d.At > restarted && d.Values.GetValueOrDefault("/peers/1") == "10.0.0.21:3000")),
            TimeSpan.FromSeconds(15), () => $"node 1's new entry never delivered: {Describe(deliveries)}");
        await Eventually.HoldsAsync(() => Task.FromResult(deliveries.Any(d => d.At > restarted && !d.Values.ContainsKey("/peers/2"))),
            TimeSpan.FromSeconds(15), () => $"node 2's entry was never dropped: {Describe(deliveries)}");
        stop.Cancel();
        await watching;

        var afterRestart = deliveries.Where(d => d.At > restarted).ToList();
        var firstWithout2 = afterRestart.First(d => !d.Values.ContainsKey("/peers/2"));
        Assert.All(afterRestart.TakeWhile(d => d != firstWithout2), d => Assert.Equal("10.0.0.12:3000", d.Values["/peers/2"]));
        Assert.True(firstWithout2.At - restarted >= grace - TimeSpan.FromMilliseconds(100),
            $"node 2 was dropped {(firstWithout2.At - restarted).TotalSeconds:0.0} s after the restart, before the {grace.TotalSeconds} s grace ended");
        Assert.All(afterRestart, d => Assert.True(d.Values.ContainsKey("/peers/1"), $"a copy without node 1 was handed over: {Describe(deliveries)}"));
        Assert.Equal("10.0.0.21:3000", firstWithout2.Values["/peers/1"]);
    }

    [Fact]
    public async Task Registration_AfterSyncRestartsEmpty_WritesItselfAgainAtOnceNotAtItsNextKeepAlive()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var registering = new LeasedRegistration(etcd.Client, new Dictionary<string, string> { ["/peers/1"] = "10.0.0.11:3000" }, ttlSeconds: 60).RunAsync(stop.Token);
        // A node's agent also watches /peers/ on the same store: that watch is what notices the restart.
        var watching = new PrefixWatcher(etcd.Client, "/peers/").RunAsync((_, _) => Task.CompletedTask, stop.Token);
        await Eventually.HoldsAsync(async () => (await etcd.GetAsync("/peers/")).Count == 1, TimeSpan.FromSeconds(10), () => "never registered");

        await etcd.RestartEmptyAsync();
        var back = await Eventually.HoldsAsync(async () => (await etcd.GetAsync("/peers/")).ContainsKey("/peers/1"), TimeSpan.FromSeconds(15),
            () => "the registration was not written again within 15 s (its keep-alive comes every 20 s)");
        stop.Cancel();
        await Task.WhenAll(registering, watching);
        Assert.True(back < TimeSpan.FromSeconds(10), $"written again {back.TotalSeconds:0.0} s after the restart; its keep-alive alone would take up to 20 s");
    }

    static string Describe(IEnumerable<(TimeSpan At, IReadOnlyDictionary<string, string> Values)> deliveries) =>
        string.Join("; ", deliveries.Select(d => $"{d.At.TotalSeconds:0.0}s: {string.Join(",", d.Values.Select(v => $"{v.Key}={v.Value}"))}"));
}
