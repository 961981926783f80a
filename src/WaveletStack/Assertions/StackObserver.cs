using System.Diagnostics;
using WaveletStack.Benchmark;
using WaveletStack.Compose;
using WaveletStack.Docker;
using WaveletStack.Stack;

namespace WaveletStack.Assertions;

/// <summary>
/// Reads one <see cref="StackObservation"/> from the sources Status and WaitHealthy use: the
/// stack's tasks, every node's `/ledger` through the load balancer (<see cref="HealthWaiter.MeasureAsync"/>,
/// asked in parallel), and, only when the assertion needs it, the running benchmark instances'
/// output of the last seconds.
/// </summary>
public sealed class StackObserver(IEngineConnection engine, string stack, int nodes, int snowballK) : IDisposable
{
    /// <summary>How far back a benchmark's figures still count: it prints about once a second.</summary>
    public static readonly TimeSpan BenchmarkWindow = TimeSpan.FromSeconds(10);

    LedgerProbe? probe;

    /// <param name="withHealth">Read Docker's health of every task (only `healthy` needs it; it is most of a look's engine calls).</param>
    public async Task<StackObservation> ObserveAsync(bool withBenchmark, bool withHealth, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        probe ??= new LedgerProbe(await engine.PublicAddressAsync(cancellationToken));
        var snapshot = await StackSnapshot.ReadAsync(engine, stack, cancellationToken, readHealth: withHealth);
        if (!snapshot.IsRunning)
            throw new UserErrorException($"Stack '{stack}' is not running; start it with `./build.sh DeployStack --stack {stack}`.");
        var benchmarks = snapshot.Of(StackNaming.BenchmarkService).Where(t => t.IsStarted && t.IsCurrent).ToList();
        var figures = withBenchmark ? ReadBenchmarksAsync(benchmarks, cancellationToken) : Task.FromResult<IReadOnlyList<BenchmarkSample>>([]);
        var sample = await HealthWaiter.MeasureAsync(snapshot, probe, nodes, Math.Min(snowballK, nodes - 1), cancellationToken);
        var latest = await figures;
        var observedNodes = sample.Ledgers.Select((l, i) => new NodeObservation(i + 1, l?.Height, l?.Peers)).ToList();
        return new StackObservation(observedNodes, sample.Progress.MainApiServes, sample.Progress.Done, sample.Progress.ToString(),
            benchmarks.Count,
            latest.Count > 0 ? latest.Sum(s => s.AcceptedTps) : null,
            latest.Count > 0 ? latest.Average(s => s.LatencyMeanMs) : null,
            clock.Elapsed);
    }

    /// <summary>Each instance's last figures printed within <see cref="BenchmarkWindow"/> (an instance without any is left out).</summary>
    async Task<IReadOnlyList<BenchmarkSample>> ReadBenchmarksAsync(IEnumerable<TaskView> instances, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow - BenchmarkWindow;
        var latest = await Task.WhenAll(instances.Select(async task =>
        {
            BenchmarkSample? last = null;
            var host = await engine.ForSwarmNodeAsync(task.SwarmNodeId, cancellationToken);
            try
            {
                await BenchmarkLog.ReadAsync(host, task.ContainerId!, since, follow: false,
                    line => last = BenchmarkSample.Parse(line, task.Name, 0) ?? last, cancellationToken);
            }
            catch (global::Docker.DotNet.DockerContainerNotFoundException)
            {
                // Replaced between the snapshot and now: its successor is read at the next poll.
            }
            return last;
        }));
        return latest.OfType<BenchmarkSample>().ToList();
    }

    public void Dispose() => probe?.Dispose();
}
