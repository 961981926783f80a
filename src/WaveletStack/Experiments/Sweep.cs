using WaveletStack.Benchmark;
using WaveletStack.Node;
using WaveletStack.Output;

namespace WaveletStack.Experiments;

/// <summary>What `Sweep` was asked for, checked (<see cref="SweepPlan.Parse"/>).</summary>
/// <param name="OutputFolder">Where the CSV, JSON and chart go; each run's benchmark files go in a folder beside them.</param>
public sealed record SweepOptions(SweepPlan Plan, string OutputFolder, string? Compare = null, TimeSpan? HealthTimeout = null);

/// <summary>
/// `Sweep`: for each combination of the varied keys, the stack is changed to it (its file, then a
/// deploy of what changed, then WaitHealthy, timed), and benchmarked --repeat times for --duration
/// seconds after a warm-up the figures leave out; height gained is the highest node's height
/// after against before. The table so far is printed after every run; at the end CSV, JSON and
/// one chart comparing the combinations. The stack's own configuration is put back and deployed
/// at the end, also when a step fails or the user presses Ctrl-C.
/// </summary>
public sealed class Sweep(SweepStack stack, NodeLocator locator)
{
    /// <summary>How long putting the stack back may take after Ctrl-C (the run's own token is cancelled by then).</summary>
    static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);

    public async Task<(SweepRecord Record, SweepFiles Files)> RunAsync(SweepOptions options, CancellationToken cancellationToken)
    {
        var plan = options.Plan;
        var previous = options.Compare is null ? null : SweepReport.Load(options.Compare);
        var combinations = plan.Combinations;
        stack.Check(combinations); // every combination valid before the first change
        var started = DateTimeOffset.UtcNow;
        var benchmarks = Path.Combine(options.OutputFolder, $"sweep-{stack.Name}-{started:yyyyMMdd-HHmmss}-benchmarks");
        var runs = new List<SweepRun>();
        Ui.Info($"Sweeping {stack.Name} over {combinations.Count} combinations × {plan.Repeat} run(s) of {plan.DurationSeconds} s " +
                $"(plus {plan.WarmupSeconds} s warm-up each); its configuration is put back at the end.");
        try
        {
            foreach (var (combination, index) in combinations.Select((c, i) => (c, i + 1)))
            {
                Ui.Info($"[{index}/{combinations.Count}] {combination.Label}: deploying");
                var (_, toHealthy) = await stack.ApplyAsync(stack.TextFor(combination), plan.Fresh, options.HealthTimeout, cancellationToken);
                for (var repeat = 1; repeat <= plan.Repeat; repeat++)
                {
                    runs.Add(await MeasureAsync(combination, repeat, repeat == 1 ? toHealthy.TotalSeconds : 0, plan, benchmarks, cancellationToken));
                    Ui.Info(SweepReport.Table(runs).ToString());
                }
            }
        }
        finally
        {
            Ui.Info($"Putting {stack.Name}'s configuration back and deploying it.");
            using var restoring = new CancellationTokenSource(RestoreTimeout);
            await stack.RestoreAsync(options.HealthTimeout, restoring.Token);
        }

        var record = new SweepRecord(stack.Name, started, plan.DurationSeconds, plan.WarmupSeconds, plan.Repeat,
            plan.Keys.Select(k => k.Key).ToList(), SweepSummary.Of(runs), runs);
        var files = await SweepReport.WriteAsync(record, options.OutputFolder, CancellationToken.None);
        if (previous is not null)
        {
            Ui.Info($"Change against {options.Compare} ({previous.Started:u}):");
            Ui.Info(SweepReport.Compare(previous, record.Summaries).ToString());
        }
        Ui.Info($"Runs: {files.Csv}");
        Ui.Info($"Summary: {files.Json}");
        Ui.Success($"Chart: {files.Svg}");
        return (record, files);
    }

    async Task<SweepRun> MeasureAsync(SweepCombination combination, int repeat, double toHealthySeconds, SweepPlan plan, string folder,
        CancellationToken cancellationToken)
    {
        var before = await HighestAsync(cancellationToken);
        var (results, _) = await new BenchmarkRun(locator).RunAsync(
            new BenchmarkOptions(plan.BenchmarkInstances, plan.DurationSeconds, OutputFolder: folder, WarmupSeconds: plan.WarmupSeconds), cancellationToken);
        var after = await HighestAsync(cancellationToken);
        return SweepRun.From(combination, repeat, results, after - before, toHealthySeconds);
    }

    /// <summary>The highest height any node answers (nodes that do not answer count as 0).</summary>
    async Task<long> HighestAsync(CancellationToken cancellationToken)
    {
        var nodes = await locator.AllWaveletNodesAsync(cancellationToken);
        var heights = await Task.WhenAll(nodes.Select(n => WaveletLedger.HeightAsync(n, cancellationToken)));
        return heights.Max(h => h ?? 0);
    }
}
