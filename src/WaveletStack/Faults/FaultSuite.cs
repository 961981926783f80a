using System.Diagnostics;
using WaveletStack.Configuration;
using WaveletStack.Node;
using WaveletStack.Output;
using WaveletStack.Stack;
using WaveletStack.Compose;

namespace WaveletStack.Faults;

/// <summary>
/// FaultSuite: on a healthy stack, applies each fault in turn and measures how the stack came
/// back: the time until it was healthy, peered and serving API (main) again (WaitHealthy's own
/// test, plus sync healthy and, after sync lost its data, every node registered in it again), the
/// fewest peers any node had, whether anything was lost (a height that went backwards, a database
/// volume made anew), and with a benchmark the accepted TPS before, during and after. Each fault
/// must also show that it was applied (a new container, a new /wavelet, a node that stopped
/// answering, slower answers): a fault nobody could see measures nothing.
/// </summary>
public sealed class FaultSuite(NodeLocator locator, int nodes, int snowballK)
{
    static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the stack must stay healthy before a fault (and, with a benchmark, the TPS windows).</summary>
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(2), TpsWindow = TimeSpan.FromSeconds(10);

    string Stack => locator.Stack;

    /// <summary>The target: checks the stack runs, runs the suite, prints the table, writes JSON and chart, fails if a fault failed.</summary>
    public static async Task<FaultReport> RunAndReportAsync(NodeLocator locator, StackConfiguration configuration, FaultSuiteOptions options,
        CancellationToken cancellationToken)
    {
        var snapshot = await StackSnapshot.ReadAsync(locator.Connection, locator.Stack, cancellationToken);
        if (!snapshot.IsRunning)
            throw new UserErrorException($"Stack '{locator.Stack}' is not running; start it with `./build.sh DeployStack --stack {locator.Stack}`.");
        var started = DateTimeOffset.UtcNow;
        var results = await new FaultSuite(locator, configuration.Nodes, configuration.SnowballK).RunAsync(options, cancellationToken);
        var report = new FaultReport(locator.Stack, new StatusReader(locator.Connection, configuration).Wavelet(snapshot), configuration.Nodes,
            started, results);
        Ui.Info(report.ToTable().ToString());
        var (json, svg) = await report.WriteAsync(options.OutputFolder, CancellationToken.None);
        Ui.Info($"Results: {json}");
        Ui.Info($"Chart: {svg}");
        if (!report.Passed)
            throw new UserErrorException($"FaultSuite on {locator.Stack}: {string.Join(", ", results.Where(r => !r.Passed && r.Skipped is null).Select(r => $"{r.Name} {r.Verdict}"))}" +
                                         (results.Count < options.Faults.Count ? $"; {options.Faults.Count - results.Count} fault(s) not run" : "") + ".");
        Ui.Success($"FaultSuite on {locator.Stack}: every fault recovered, nothing lost.");
        return report;
    }

    public async Task<IReadOnlyList<FaultResult>> RunAsync(FaultSuiteOptions options, CancellationToken cancellationToken)
    {
        using var probe = new LedgerProbe(await locator.Connection.PublicAddressAsync(cancellationToken));
        var heights = new Dictionary<int, long>();
        var volumes = await VolumesAsync(cancellationToken);
        var results = new List<FaultResult>();
        var plan = options.Plan();
        await using var tps = options.WithBenchmark ? await TpsRecorder.StartAsync(locator, cancellationToken) : null;
        for (var i = 0; i < plan.Count; i++)
        {
            var (name, fault) = plan[i];
            if (!await WaitSettledAsync(probe, options.Limit, cancellationToken))
            {
                results.Add(new FaultResult(name, fault.ToString(), null, 0, null, options.Limit.TotalSeconds, null, [],
                    Error: $"the stack was not healthy within {options.Limit.TotalSeconds:0} s before this fault"));
                break;
            }
            if (tps is not null) await Task.Delay(TpsWindow, cancellationToken);
            Ui.Info($"[{i + 1}/{plan.Count}] {fault}");
            var result = await RunOneAsync(name, fault, options, probe, heights, tps, cancellationToken);
            var replaced = Replaced(volumes, await VolumesAsync(cancellationToken));
            if (replaced.Count > 0) result = result with { Lost = [.. result.Lost, .. replaced] };
            results.Add(result);
            Ui.Info($"[{i + 1}/{plan.Count}] {name}: {result.Verdict}{(result.RecoverySeconds is { } s ? $", recovered in {s:0.0} s" : "")}" +
                    (result.Seen is null ? "" : $" ({result.Seen})") + ((result.Skipped ?? result.Error) is { } why ? $": {why}" : ""));
            if (!result.Recovered && result.Skipped is null) break; // every later figure would measure a broken stack
        }
        return results;
    }

    async Task<FaultResult> RunOneAsync(string name, Fault fault, FaultSuiteOptions options, LedgerProbe probe,
        IDictionary<int, long> heights, TpsRecorder? tps, CancellationToken cancellationToken)
    {
        var before = await SampleAsync(probe, cancellationToken);
        var container = ContainerOf(before.Snapshot, fault.Node);
        var wavelet = fault.Kind == FaultKind.KillWavelet ? await WaveletPidAsync(fault.Node, cancellationToken) : null;
        var baseline = fault.Kind == FaultKind.Delay ? await AnswerTimeAsync(probe, before.Snapshot, fault.Node, cancellationToken) : null;
        var watch = new FaultWatch(heights, fault.Node.IsWavelet ? fault.Node.Slot : null);

        var started = DateTimeOffset.UtcNow;
        AppliedFault applied;
        try { applied = await new FaultInjector(locator).ApplyAsync(fault, cancellationToken); }
        catch (NoNetemException e) when (!options.Explicit)
        {
            return new FaultResult(name, fault.ToString(), null, 0, null, options.Limit.TotalSeconds, null, [], Skipped: e.Message);
        }
        var clock = Stopwatch.StartNew();
        TimeSpan? slowest = null;
        if (fault.Lasts)
        {
            try
            {
                while (clock.Elapsed < fault.Duration!.Value)
                {
                    var sample = await SampleAsync(probe, cancellationToken);
                    watch.Add(sample, clock.Elapsed);
                    if (baseline is not null && await AnswerTimeAsync(probe, sample.Snapshot, fault.Node, cancellationToken) is { } answered)
                        slowest = slowest is null || answered > slowest ? answered : slowest;
                    Ui.Progress($"{name}: held, {sample.Progress}", $"{clock.Elapsed.TotalSeconds:0} of {fault.Duration.Value.TotalSeconds:0} s");
                    await Task.Delay(Every, cancellationToken);
                }
            }
            finally
            {
                Ui.EndProgress();
                await applied.UndoAsync();
            }
        }
        var held = clock.Elapsed;
        var recovered = await WaitRecoveredAsync(name, probe, watch, clock, held, options.Limit, cancellationToken);
        watch.End(clock.Elapsed);
        var ended = DateTimeOffset.UtcNow;

        var after = await SampleAsync(probe, cancellationToken);
        var seen = fault.Kind switch
        {
            FaultKind.Kill => ContainerOf(after.Snapshot, fault.Node) is { } now && now != container
                ? $"container {Short(container)} → {Short(now)}" : null,
            FaultKind.KillWavelet => await WaveletPidAsync(fault.Node, cancellationToken) is { } pid && pid != wavelet
                ? $"/wavelet pid {wavelet} → {pid}" : null,
            FaultKind.Delay => slowest is { } slow && baseline is { } fast && slow - fast >= fault.Latency!.Value * 0.8
                ? $"node {fault.Node} answered in {slow.TotalMilliseconds:0} ms (before: {fast.TotalMilliseconds:0} ms)" : null,
            _ => watch.TargetSilent > TimeSpan.Zero ? $"node {fault.Node} silent {watch.TargetSilent.TotalSeconds:0.0} s" : null,
        };
        if (tps is not null && recovered is not null) await Task.Delay(TpsWindow, cancellationToken);
        return new FaultResult(name, fault.ToString(), seen, Math.Round(held.TotalSeconds, 1),
            recovered is { } r ? Math.Round(r.TotalSeconds, 2) : null, options.Limit.TotalSeconds, watch.MinPeers, watch.Backwards.Distinct().ToList(),
            tps?.Mean(started - TpsWindow, started), tps?.Mean(started, ended), tps?.Mean(ended, ended + TpsWindow));
    }

    /// <summary>Samples until the stack is whole again; the time from <paramref name="from"/> (the kill, or the undo), or null after the limit.</summary>
    async Task<TimeSpan?> WaitRecoveredAsync(string name, LedgerProbe probe, FaultWatch watch, Stopwatch clock, TimeSpan from, TimeSpan limit,
        CancellationToken cancellationToken)
    {
        try
        {
            while (clock.Elapsed - from <= limit)
            {
                var sample = await SampleAsync(probe, cancellationToken);
                watch.Add(sample, clock.Elapsed);
                var whole = sample.Progress.Done && SyncHealthy(sample.Snapshot)
                            && (name != "sync" || await RegisteredAsync(cancellationToken) >= nodes);
                if (whole) return clock.Elapsed - from;
                Ui.Progress($"{name}: recovering, {sample.Progress}", $"{(clock.Elapsed - from).TotalSeconds:0.0} s");
                await Task.Delay(Every, cancellationToken);
            }
            return null;
        }
        finally { Ui.EndProgress(); }
    }

    /// <summary>Waits until two looks <see cref="Settle"/> apart both find the stack whole.</summary>
    async Task<bool> WaitSettledAsync(LedgerProbe probe, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? wholeSince = null;
        while (clock.Elapsed <= limit)
        {
            var sample = await SampleAsync(probe, cancellationToken);
            if (sample.Progress.Done && SyncHealthy(sample.Snapshot))
            {
                wholeSince ??= clock.Elapsed;
                if (clock.Elapsed - wholeSince >= Settle) return true;
            }
            else wholeSince = null;
            await Task.Delay(Every, cancellationToken);
        }
        return false;
    }

    async Task<HealthWaiter.Sample> SampleAsync(LedgerProbe probe, CancellationToken cancellationToken)
    {
        var snapshot = await StackSnapshot.ReadAsync(locator.Connection, Stack, cancellationToken);
        if (!snapshot.IsRunning)
            throw new UserErrorException($"Stack '{Stack}' stopped while FaultSuite ran; start it with `./build.sh DeployStack --stack {Stack}`.");
        return await HealthWaiter.MeasureAsync(snapshot, probe, nodes, Math.Min(snowballK, nodes - 1), cancellationToken);
    }

    static bool SyncHealthy(StackSnapshot snapshot) => snapshot.Of(StackNaming.SyncService).Any(t => t.IsStarted && t.Health == "healthy");

    static string? ContainerOf(StackSnapshot snapshot, NodeId id) =>
        snapshot.Of(id.Service).FirstOrDefault(t => t.Slot == id.Slot && t.ContainerId is not null)?.ContainerId;

    static string Short(string? id) => id is null ? "none" : id[..Math.Min(12, id.Length)];

    /// <summary>How long the node took to answer /ledger through the load balancer (null: it did not).</summary>
    static async Task<TimeSpan?> AnswerTimeAsync(LedgerProbe probe, StackSnapshot snapshot, NodeId id, CancellationToken cancellationToken)
    {
        if (!snapshot.LbPorts.TryGetValue(PortPlan.LbNodeApiBase + id.Slot - 1, out var port)) return null;
        var clock = Stopwatch.StartNew();
        return await probe.ReadAsync(port, cancellationToken) is null ? null : clock.Elapsed;
    }

    async Task<string?> WaveletPidAsync(NodeId id, CancellationToken cancellationToken)
    {
        var node = await locator.FindAsync(id, cancellationToken);
        var result = await ContainerExec.ShellAsync(node, "pgrep -x wavelet || true", cancellationToken);
        return result.Stdout.Trim() is { Length: > 0 } pid ? pid : null;
    }

    /// <summary>How many nodes are registered in sync's etcd (after sync restarts empty, the agents write themselves again).</summary>
    async Task<int> RegisteredAsync(CancellationToken cancellationToken)
    {
        try
        {
            var sync = await locator.FindAsync(NodeId.Parse(NodeId.SyncService), cancellationToken);
            var keys = await ContainerExec.ShellAsync(sync, "etcdctl --endpoints=http://127.0.0.1:2379 get --prefix /peers/ --keys-only", cancellationToken);
            return keys.Succeeded ? keys.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length : 0;
        }
        catch (UserErrorException)
        {
            return 0; // sync is between containers
        }
    }

    async Task<IReadOnlyDictionary<string, string?>> VolumesAsync(CancellationToken cancellationToken) =>
        (await new StackVolumes(locator.Connection, Stack).ListAsync(cancellationToken)).ToDictionary(v => $"{v.Host}/{v.Name}", v => v.CreatedAt);

    static List<string> Replaced(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after) =>
        before.Where(v => !after.TryGetValue(v.Key, out var created) || created != v.Value)
            .Select(v => after.ContainsKey(v.Key) ? $"volume {v.Key} made anew" : $"volume {v.Key} gone").ToList();
}
