using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using WaveletStack.Benchmark;
using WaveletStack.Node;
using WaveletStack.Snapshots;
using WaveletStack.Stack;
using Xunit;
using Xunit.Abstractions;
using WaveletStack.Compose;

namespace WaveletStack.Tests.RealNode;

/// <summary>
/// The stack with the REAL Wavelet node, the yardstick the simulator is held to: default keys the
/// node accepts, a benchmark that gets transactions accepted, databases that survive a dump and
/// restore and a stop, and membership changes that keep the network peered and the load
/// balancer's container.
/// </summary>
[Collection(RealNodeCollection.Name)]
public sealed class RealNodeTests(RealNodeFixture stack, ITestOutputHelper output) : IDisposable
{
    static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(3) };
    readonly string folder = Directory.CreateTempSubdirectory("wst-real-").FullName;

    [Fact]
    public async Task DeployStack_FiveRealNodesWithTheDefaultKeys_AreHealthyAndPeered()
    {
        var ledgers = await LedgersAsync(stack.Nodes);

        Assert.All(ledgers, l => Assert.True(Peers(l).Count >= 2, $"{l}"));
        Assert.Equal(stack.Nodes, ledgers.Select(l => l.GetProperty("public_key").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Assert_OnRealNodesAfterTheBenchmark_HoldsForHeightAndPeers_AndSaysWhatItSawWhenNot()
    {
        var configuration = stack.Configuration(stack.Stack);
        using var observer = new WaveletStack.Assertions.StackObserver(stack.Engine, stack.Stack, configuration.Nodes, configuration.SnowballK);
        WaveletStack.Assertions.AssertOptions Options(string that, TimeSpan? within = null, TimeSpan? holdFor = null) =>
            WaveletStack.Assertions.AssertOptions.Create(that, within, holdFor, configuration.Nodes);

        // The fixture's benchmark made blocks: every real node has grown and keeps its peers.
        var holds = await WaveletStack.Assertions.AssertionRunner.RunAsync(observer.ObserveAsync,
            Options("height >= 1 on all and peers >= 2 on all and api serving and node 5 is up", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(3)), Timeout);
        output.WriteLine(string.Join("\n", holds.Last.Select(c => $"{c.Condition}: {c.Observed}")) + $"\nmedian look {holds.MedianPoll.TotalSeconds:0.00} s");
        Assert.True(holds.Holds, string.Join("; ", holds.Last.Select(c => c.Observed)));

        var beyond = await WaveletStack.Assertions.AssertionRunner.RunAsync(observer.ObserveAsync, Options("height >= 1000000 on any"), Timeout);
        Assert.False(beyond.Holds);
        Assert.Matches("^height: 1=[0-9]+ 2=[0-9]+ 3=[0-9]+ 4=[0-9]+ 5=[0-9]+$", Assert.Single(beyond.Last).Observed);
    }

    [Fact]
    public void Benchmark_OneInstanceFor20Seconds_GetsTransactionsAcceptedAndWritesTheChart()
    {
        var (results, files) = stack.FirstBenchmark;

        var summary = results.Summaries().Single(s => s.Instance == "benchmark");
        output.WriteLine($"real node, 1 benchmark instance, 20 s: mean accepted TPS {summary.MeanAcceptedTps:0.0}");
        Assert.True(summary.MeanAcceptedTps > 0, "the real nodes accepted no transactions");
        Assert.True(new FileInfo(files.Svg).Length > 100, files.Svg);
    }

    [Fact]
    public async Task DumpDb_FromNode1_ThenRestoreDbIntoNode2_ReachesTheDumpedHeight()
    {
        await EnsureHeightAsync();
        var dump = Path.Combine(folder, "node1.tar.gz");
        var manifest = await DbDump.RunAsync(await stack.NodeAsync("1"), dump, force: false, Timeout);
        Assert.True(manifest.Height > 0, $"dumped at height {manifest.Height}");

        var node2 = await stack.NodeAsync("2");
        await DbRestore.RunAsync([node2], dump, force: true, Timeout);

        var height = await WaveletLedger.HeightAsync(node2, Timeout);
        output.WriteLine($"dumped node 1 at {manifest.Height}; node 2 after restore: {height}");
        Assert.True(height >= manifest.Height, $"node 2 at {height} after restoring a dump at {manifest.Height}");
        await stack.WaitHealthyAsync(stack.Stack, Timeout);
    }

    [Fact]
    public async Task SnapshotStack_ThenRestoreStack_FiveRealNodesEachAtItsSnapshotHeight()
    {
        await EnsureHeightAsync();
        var file = Path.Combine(folder, "network.tar.gz");
        var snapshot = await SnapshotTaker.RunAsync(stack.Locator, stack.Configuration(stack.Stack), file, includeSecrets: false, force: false, Timeout);
        Assert.Equal(stack.Nodes, snapshot.Nodes.Count);
        Assert.All(snapshot.Nodes, n => Assert.True(n.Height > 0, $"node {n.Node} at height {n.Height}"));

        var copy = $"wst-real-snap{Guid.NewGuid():N}"[..18];
        var stacks = new StackDuplicator(stack.Root, new Dictionary<string, string>(), _ => null);
        var took = await new SnapshotRestorer(stacks).RunAsync(file, copy, stack.Nodes, stack.Engine, stack.DeployAsync, stack.WaitHealthyAsync, Timeout);

        var restored = await new NodeLocator(stack.Engine, copy).AllWaveletNodesAsync(Timeout);
        var heights = await Task.WhenAll(restored.Select(n => WaveletLedger.HeightAsync(n, Timeout)));
        output.WriteLine($"real node, {stack.Nodes} nodes: snapshot heights {string.Join(", ", snapshot.Nodes.Select(n => n.Height))}; " +
                         $"restored {string.Join(", ", heights)}, healthy {took.TotalSeconds:0.0} s after RestoreStack started");
        Assert.Equal(stack.Nodes, restored.Count);
        Assert.All(snapshot.Nodes, n => Assert.True(heights[n.Node - 1] >= n.Height, $"node {n.Node}: {heights[n.Node - 1]} < {n.Height}"));
        await stack.WaitHealthyAsync(stack.Stack, Timeout); // the source runs on
    }

    [Fact]
    public async Task StopStack_ThenDeployStack_KeepsEveryNodesHeight()
    {
        await EnsureHeightAsync();
        var before = await HeightsAsync();

        await stack.Lifecycle(stack.Stack).StopAsync(removeVolumes: false, Timeout);
        await stack.DeployAsync(stack.Stack, Timeout);

        var after = await HeightsAsync();
        output.WriteLine($"heights before stop: {string.Join(", ", before)}; after redeploy: {string.Join(", ", after)}");
        Assert.All(before, h => Assert.True(after[h.Key] >= h.Value, $"node {h.Key}: height {after[h.Key]} < {h.Value}"));
    }

    [Fact]
    public async Task FaultSuite_KillPartitionAndSyncOnRealNodes_RecoverEachAndLoseNothing()
    {
        var options = WaveletStack.Faults.FaultSuiteOptions.Create("kill,partition,sync", "2", stack.Nodes, holdSeconds: 10, limit: null,
            latency: null, withBenchmark: false, folder);
        var report = await WaveletStack.Faults.FaultSuite.RunAndReportAsync(stack.Locator, stack.Configuration(stack.Stack), options, Timeout);

        foreach (var r in report.Results)
            output.WriteLine($"real node, {r.Name}: recovered in {r.RecoverySeconds:0.0} s ({r.Seen}), fewest peers {r.MinPeers}");
        Assert.Equal(3, report.Results.Count);
        Assert.All(report.Results, r => Assert.True(r.Passed, $"{r.Name}: {r.Verdict} ({r.Seen}; lost: {string.Join(", ", r.Lost)}; {r.Error})"));
        Assert.DoesNotContain("simulator", report.Wavelet);
    }

    [Fact]
    public async Task MembershipChange_OneMoreNodeThenOneLess_KeepsTheLoadBalancerAndEveryNodePeered()
    {
        var lb = await LoadBalancerContainerAsync();
        var original = stack.Nodes;
        var watch = Stopwatch.StartNew();
        await stack.ScaleAsync(original + 1, Timeout);
        output.WriteLine($"{original} → {original + 1}: healthy and peered after {watch.Elapsed.TotalSeconds:0.0} s");
        var joined = (await LedgersAsync(original + 1)).Last();
        var leaver = joined.GetProperty("address").GetString()!;
        Assert.True(Peers(joined).Count >= 2, $"the new node has too few peers: {joined}");
        Assert.Equal(lb, await LoadBalancerContainerAsync());

        watch.Restart();
        await stack.ScaleAsync(original, Timeout);
        var forgotten = Stopwatch.StartNew();
        var lists = true;
        while (lists && forgotten.Elapsed < TimeSpan.FromSeconds(2))
        {
            lists = (await LedgersAsync(original)).Any(l => Peers(l).Contains(leaver));
            if (lists) await Task.Delay(100);
        }
        // The scale-down retires the highest node (it leaves its peers before swarm removes its
        // slot), and the real node never forgets a vanished peer by itself: so no node may list it.
        output.WriteLine($"{original + 1} → {original}: healthy after {watch.Elapsed.TotalSeconds:0.0} s; " +
            (lists ? $"{leaver} STILL LISTED 2 s after" : $"{leaver} gone from every /ledger {forgotten.Elapsed.TotalSeconds:0.0} s after"));
        Assert.False(lists, $"{leaver} is still listed 2 s after the scale-down: {string.Join("; ", await LedgersAsync(original))}\n{await DepartureLinesAsync()}");
        Assert.Equal(lb, await LoadBalancerContainerAsync());
        Assert.All(await LedgersAsync(original), l => Assert.True(Peers(l).Count >= 2, $"{l}"));
    }

    /// <summary>A benchmark until node 1 is past height 3, so database checks compare real data.</summary>
    async Task EnsureHeightAsync()
    {
        var node = await stack.NodeAsync("1");
        if (await WaveletLedger.HeightAsync(node, Timeout) >= 3) return;
        var benchmark = new BenchmarkService(stack.Engine, stack.Stack);
        await benchmark.ScaleAsync(1, Timeout);
        try { await WaveletLedger.WaitForHeightAsync(node, 3, TimeSpan.FromMinutes(2), Timeout); }
        finally { await benchmark.ScaleAsync(0, Timeout); }
    }

    async Task<Dictionary<int, long?>> HeightsAsync()
    {
        var heights = new Dictionary<int, long?>();
        for (var i = 1; i <= stack.Nodes; i++) heights[i] = await WaveletLedger.HeightAsync(await stack.NodeAsync($"{i}"), Timeout);
        return heights;
    }

    /// <summary>Each node's /ledger through its port on the load balancer.</summary>
    async Task<List<JsonElement>> LedgersAsync(int nodes)
    {
        var ports = (await stack.Lifecycle(stack.Stack).RenderAsync(null, force: false, Timeout)).Ports.NodeApi;
        var ledgers = new List<JsonElement>();
        foreach (var port in ports.Take(nodes))
            ledgers.Add(await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port.Published}/ledger", Timeout));
        return ledgers;
    }

    static HashSet<string> Peers(JsonElement ledger) =>
        ledger.GetProperty("peers") is { ValueKind: JsonValueKind.Array } peers
            ? peers.EnumerateArray().Select(p => p.GetProperty("address").GetString()!).ToHashSet() : [];

    /// <summary>What every node container (the stopped leaver's too) logged about departures: for a failure's report.</summary>
    async Task<string> DepartureLinesAsync()
    {
        var containers = await stack.Engine.Manager.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"com.docker.swarm.service.name={stack.Stack}_{StackNaming.NodeService}"] = true },
            },
        }, Timeout);
        var lines = new List<string>();
        foreach (var container in containers)
        {
            using var stream = await stack.Engine.Manager.Containers.GetContainerLogsAsync(container.ID, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, Timeout);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(Timeout);
            lines.AddRange((stdout + stderr).Split('\n')
                .Where(l => l.Contains("depart") || l.Contains("leaving") || l.Contains("left the stack") || l.Contains("registration"))
                .Select(l => $"{container.Names.FirstOrDefault()}: {l}"));
        }
        return string.Join('\n', lines);
    }

    async Task<string> LoadBalancerContainerAsync()
    {
        var containers = await stack.Engine.Manager.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"com.docker.swarm.service.name={stack.Stack}_{StackNaming.LoadBalancerService}"] = true },
            },
        }, Timeout);
        return Assert.Single(containers).ID;
    }

    public void Dispose()
    {
        http.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
