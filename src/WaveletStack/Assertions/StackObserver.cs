using System.Diagnostics;
using WaveletStack.Benchmark;
using WaveletStack.Compose;
using WaveletStack.Docker;
using WaveletStack.Stack;

namespace WaveletStack.Assertions;

/// <summary>
/// Reads one <see cref="StackObservation"/> from the sources Status and WaitHealthy use: the
/// stack's tasks, every node's `/ledger` through the load balancer (<see cref="HealthWaiter.MeasureAsync"/>,
/// asked in parallel), and, only when the assertion needs it, the benchmark's figures: from the
/// stack's Prometheus when it runs one (WAVELET_METRICS), else from the running instances' output
/// of the last seconds.
/// </summary>
public sealed class StackObserver(IEngineConnection engine, string stack, int nodes, int snowballK) : IDisposable
{
    /// <summary>How far back a benchmark's figures still count: it prints about once a second.</summary>
    public static readonly TimeSpan BenchmarkWindow = TimeSpan.FromSeconds(10);

    LedgerProbe? probe;
    PrometheusFigures? prometheus;

    /// <param name="withHealth">Read Docker's health of every task (only `healthy` needs it; it is most of a look's engine calls).</param>
    public async Task<StackObservation> ObserveAsync(bool withBenchmark, bool withHealth, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        probe ??= new LedgerProbe(await engine.PublicAddressAsync(cancellationToken));
        var snapshot = await StackSnapshot.ReadAsync(engine, stack, cancellationToken, readHealth: withHealth);
        if (!snapshot.IsRunning)
            throw new UserErrorException($"Stack '{stack}' is not running; start it with `./build.sh DeployStack --stack {stack}`.");
        var benchmarks = snapshot.Of(StackNaming.BenchmarkService).Where(t => t.IsStarted && t.IsCurrent).ToList();
        var figures = withBenchmark && benchmarks.Count > 0 ? ReadFiguresAsync(snapshot, benchmarks, cancellationToken) : Task.FromResult(NoFigures);
        var sample = await HealthWaiter.MeasureAsync(snapshot, probe, nodes, Math.Min(snowballK, nodes - 1), cancellationToken);
        var (tps, latency, from) = await figures;
        var observedNodes = sample.Ledgers.Select((l, i) => new NodeObservation(i + 1, l?.Height, l?.Peers)).ToList();
        return new StackObservation(observedNodes, sample.Progress.MainApiServes, sample.Progress.Done, sample.Progress.ToString(),
            benchmarks.Count, tps, latency, clock.Elapsed, from);
    }

    static readonly (double?, double?, string?) NoFigures = (null, null, null);

    /// <summary>Accepted TPS (summed) and mean latency (averaged) over the instances: Prometheus's when it has them, else their output's.</summary>
    async Task<(double?, double?, string?)> ReadFiguresAsync(StackSnapshot snapshot, IReadOnlyList<TaskView> benchmarks, CancellationToken cancellationToken)
    {
        if (snapshot.MetricsPort is { } port)
        {
            prometheus ??= new PrometheusFigures($"http://{await engine.PublicAddressAsync(cancellationToken)}:{port}/");
            if (await prometheus.ReadAsync(cancellationToken) is { } scraped) return (scraped.AcceptedTps, scraped.LatencyMeanMs, "Prometheus");
        }
        var latest = await ReadBenchmarksAsync(benchmarks, cancellationToken);
        return latest.Count == 0 ? NoFigures : (latest.Sum(s => s.AcceptedTps), latest.Average(s => s.LatencyMeanMs), "their output");
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

    public void Dispose()
    {
        probe?.Dispose();
        prometheus?.Dispose();
    }
}
