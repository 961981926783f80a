// Membership and redeploy benchmark (local engine; build the tag's images first, e.g.
// `./build.sh BuildImages` for sim, `./build.sh BuildImages --stack <s>` with WAVELET_TAG=real and
// WAVELET_BUILD_DIR=<folder with wavelet and benchmark> for the real node):
//   dotnet run --project bench/membership -c Release -- [--tag sim|real] [--nodes 3,10] [--changes 3] [--cycles 30]
// For each N: N → N+1 → N changes, timing "command → every node peered" and "new task running →
// every node peered", with the existing nodes' fewest peers sampled every 250 ms, and "command →
// the leaver gone from every other /ledger"; then
// StopStack → DeployStack cycles (volumes kept) with their distribution. Next to each figure the
// floor measured in the same run: how long swarm takes to run one more task of a bare container.
using System.Diagnostics;
using Docker.DotNet.Models;
using WaveletStack.Compose;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Stack;

var tag = BenchSupport.Option(args, "--tag", "sim");
var nodes = BenchSupport.Option(args, "--nodes", "3,10").Split(',').Select(int.Parse).ToList();
var changes = int.Parse(BenchSupport.Option(args, "--changes", "3"));
var cycles = int.Parse(BenchSupport.Option(args, "--cycles", tag == "sim" ? "30" : "10"));
var root = BenchSupport.FindRoot();
using var cancel = BenchSupport.Start(TimeSpan.FromMinutes(90));
var token = cancel.Token;

await using var engine = LocalEngineConnection.Open();
var mode = PublishModeDetector.ForLocalEngine(PublishMode.Auto).Mode;
var forgetLimit = TimeSpan.FromSeconds(30);
var floor = await BareTaskFloor.MeasureAsync(engine, token);
Console.Error.WriteLine($"floor: swarm runs one more bare task in {floor:0.00} s");
var table = new Table("TAG", "N", "WHAT", "RUNS", "MIN s", "MEDIAN s", "MAX s", "FLOOR s", "NOTE");

foreach (var n in nodes)
{
    var stack = $"wst-bench-member-{tag}-n{n}";
    StackLifecycle Lifecycle(int count) => new(engine, StackConfiguration.From(stack, new Dictionary<string, string>
    {
        ["SWARM"] = "default", ["WAVELET_TAG"] = tag, ["WAVELET_NODES"] = $"{count}",
    }, root), root, mode);
    var fromCommand = new List<double>();
    var fromTask = new List<double>();
    var minPeers = int.MaxValue;
    var leaverGone = new List<double>();
    var leaverStuck = 0;
    var lbReplaced = 0;
    try
    {
        await Lifecycle(n).StopAsync(removeVolumes: true, token);
        await BenchSupport.UpAsync(token, Lifecycle(n));
        var wanted = Math.Min(2, n);
        for (var change = 1; change <= changes; change++)
        {
            var lb = await LoadBalancerTaskAsync(stack);
            await using (var sampler = PeerSampler.Start(engine, stack, existing: n, token))
            {
                var watch = Stopwatch.StartNew();
                var lifecycle = Lifecycle(n + 1);
                await lifecycle.DeployAsync(token);
                var peered = await sampler.WaitAllPeeredAsync(n + 1, wanted, TimeSpan.FromMinutes(5));
                fromCommand.Add(watch.Elapsed.TotalSeconds);
                var started = await TaskStartedAsync(stack, n + 1);
                fromTask.Add((peered - started).TotalSeconds);
                minPeers = Math.Min(minPeers, sampler.MinimumOfExisting);
            }
            if (await LoadBalancerTaskAsync(stack) != lb) lbReplaced++;
            var leaver = await LedgerAsync(stack, n + 1);
            var down = Stopwatch.StartNew();
            var forgetting = ForgottenAsync(stack, n, leaver?.Address ?? "?");
            await BenchSupport.UpAsync(token, Lifecycle(n));
            var forgotten = await forgetting;
            if (forgotten is { } seconds) leaverGone.Add(seconds); else leaverStuck++;
            if (await LoadBalancerTaskAsync(stack) != lb) lbReplaced++;
            Console.Error.WriteLine($"{tag} N={n} change {change}/{changes}: command → peered {fromCommand[^1]:0.00} s, task running → peered {fromTask[^1]:0.00} s, fewest peers of an existing node {minPeers}");
        }
        table.Add(tag, n, $"{n} → {n + 1}: command → all peered", fromCommand.Count, F(fromCommand.Min()), F(Median(fromCommand)), F(fromCommand.Max()), F(floor),
            $"fewest peers of an existing node: {minPeers}; load balancer replaced {lbReplaced}×");
        table.Add(tag, n, $"{n} → {n + 1}: task running → all peered", fromTask.Count, F(fromTask.Min()), F(Median(fromTask)), F(fromTask.Max()), F(floor), "");
        table.Add(tag, n, $"{n + 1} → {n}: command → leaver gone from every /ledger", leaverGone.Count,
            leaverGone.Count > 0 ? F(leaverGone.Min()) : "-", leaverGone.Count > 0 ? F(Median(leaverGone)) : "-", leaverGone.Count > 0 ? F(leaverGone.Max()) : "-", F(floor),
            $"still listed after {forgetLimit.TotalSeconds:0} s: {leaverStuck}");

        var redeploys = new List<double>();
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            await Lifecycle(n).StopAsync(removeVolumes: false, token);
            redeploys.Add(await BenchSupport.TimeAsync(() => BenchSupport.UpAsync(token, Lifecycle(n))));
            Console.Error.WriteLine($"{tag} N={n} stop → deploy {cycle}/{cycles}: {redeploys[^1]:0.00} s");
        }
        var sorted = redeploys.Order().ToList();
        table.Add(tag, n, "StopStack → DeployStack, healthy", sorted.Count, F(sorted[0]), F(Median(sorted)), F(sorted[^1]), F(floor),
            $"p90 {F(sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(sorted.Count * 0.9) - 1)])}; over 10 s: {sorted.Count(s => s > 10)}");
    }
    finally
    {
        await Lifecycle(n).StopAsync(removeVolumes: true, CancellationToken.None);
    }
}

Console.WriteLine(table);
return 0;

async Task<LedgerView?> LedgerAsync(string stack, int slot)
{
    var ports = (await StackSnapshot.ReadAsync(engine, stack, token)).LbPorts;
    using var probe = new LedgerProbe("127.0.0.1");
    return ports.TryGetValue(PortPlan.LbNodeApiBase + slot - 1, out var port) ? await probe.ReadAsync(port, token) : null;
}

/// <summary>Seconds from now until none of nodes 1…<paramref name="nodes"/> lists <paramref name="leaver"/>; null when one still does after forgetLimit.</summary>
async Task<double?> ForgottenAsync(string stack, int nodes, string leaver)
{
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed < forgetLimit)
    {
        var ledgers = await Task.WhenAll(Enumerable.Range(1, nodes).Select(i => LedgerAsync(stack, i)));
        if (ledgers.All(l => l is not null && !l.PeerAddresses.Contains(leaver))) return watch.Elapsed.TotalSeconds;
        await Task.Delay(100, token);
    }
    return null;
}

async Task<string?> LoadBalancerTaskAsync(string stack) =>
    (await StackSnapshot.ReadAsync(engine, stack, token)).Of(StackNaming.LoadBalancerService).FirstOrDefault()?.ContainerId;

/// <summary>When the task of <paramref name="slot"/> that runs now reached "running", by the engine's clock (this machine's).</summary>
async Task<DateTime> TaskStartedAsync(string stack, int slot)
{
    var tasks = await engine.Manager.Tasks.ListAsync(new TasksListParameters
    {
        Filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["service"] = new Dictionary<string, bool> { [$"{stack}_{StackNaming.NodeService}"] = true },
            ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
        },
    }, token);
    return tasks.Single(t => (long)t.Slot == slot).Status.Timestamp.ToUniversalTime();
}


static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static string F(double seconds) => $"{seconds:0.00}";
