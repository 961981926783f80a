using System.Collections.Concurrent;
using WaveletStack.Benchmark;
using WaveletStack.Node;
using WaveletStack.Output;

namespace WaveletStack.Faults;

/// <summary>
/// FaultSuite --with-benchmark: one benchmark instance runs for the whole suite; its accepted TPS
/// lines are kept with their time so that each fault's before, during and after can be averaged.
/// </summary>
public sealed class TpsRecorder : IAsyncDisposable
{
    readonly ConcurrentQueue<(DateTimeOffset At, double Tps)> samples = new();
    readonly CancellationTokenSource following = new();
    readonly BenchmarkService service;
    Task? follow;

    TpsRecorder(BenchmarkService service) => this.service = service;

    public static readonly TimeSpan FirstFiguresTimeout = TimeSpan.FromSeconds(120);

    public static async Task<TpsRecorder> StartAsync(NodeLocator locator, CancellationToken cancellationToken)
    {
        var recorder = new TpsRecorder(new BenchmarkService(locator.Connection, locator.Stack));
        await recorder.service.ScaleAsync(1, cancellationToken);
        var id = NodeId.FromTask(NodeId.BenchmarkService, 1);
        var since = DateTimeOffset.UtcNow.AddSeconds(-5);
        recorder.follow = BenchmarkLog.FollowAsync(locator, id, since, line =>
        {
            if (BenchmarkSample.Parse(line, id.ToString(), 0) is { } sample) recorder.samples.Enqueue((DateTimeOffset.UtcNow, sample.AcceptedTps));
        }, recorder.following.Token);
        Ui.Info("Benchmark started; waiting for its first figures.");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (recorder.samples.IsEmpty)
        {
            if (waited.Elapsed > FirstFiguresTimeout)
            {
                await recorder.DisposeAsync();
                throw new UserErrorException($"The benchmark printed no figures within {FirstFiguresTimeout.TotalSeconds:0} s; see `./build.sh Logs --node benchmark --stack {locator.Stack}`.");
            }
            await Task.Delay(500, cancellationToken);
        }
        return recorder;
    }

    /// <summary>Mean accepted TPS of the lines printed in [from, to), or null when there were none.</summary>
    public double? Mean(DateTimeOffset from, DateTimeOffset to)
    {
        var window = samples.Where(s => s.At >= from && s.At < to).Select(s => s.Tps).ToList();
        return window.Count == 0 ? null : window.Average();
    }

    public async ValueTask DisposeAsync()
    {
        following.Cancel();
        if (follow is not null) await follow;
        await service.ScaleAsync(0, CancellationToken.None);
        following.Dispose();
    }
}
