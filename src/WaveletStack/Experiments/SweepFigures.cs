using WaveletStack.Benchmark;

namespace WaveletStack.Experiments;

/// <summary>One benchmark of one combination (one of --repeat).</summary>
/// <param name="ToHealthySeconds">From writing the combination's configuration to the stack healthy and peered (the first run of a combination; later repeats do not redeploy and say 0).</param>
public sealed record SweepRun(string Combination, IReadOnlyDictionary<string, string> Values, int Repeat,
    double MeanAcceptedTps, double P50AcceptedTps, double P95AcceptedTps, double MeanLatencyMs, long HeightGained, double ToHealthySeconds)
{
    /// <summary>The figures of a finished benchmark: the total's accepted TPS once a second over the measured window.</summary>
    public static SweepRun From(SweepCombination combination, int repeat, BenchmarkResults results, long heightGained, double toHealthySeconds)
    {
        var window = results.WindowStart;
        var tps = results.TotalSeries().Where(p => p.Seconds >= window).Select(p => p.AcceptedTps).Order().ToList();
        var total = results.Summaries().Single(s => s.Instance == BenchmarkResults.TotalName);
        return new SweepRun(combination.Label, combination.Values.ToDictionary(v => v.Key, v => v.Value), repeat,
            total.MeanAcceptedTps, Percentile(tps, 0.50), Percentile(tps, 0.95), total.MeanLatencyMs, heightGained, toHealthySeconds);
    }

    /// <summary>Nearest-rank percentile of sorted values; 0 when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>A combination over its repeats: the means, and the spread of accepted TPS (the chart's error bar).</summary>
public sealed record SweepSummary(string Combination, int Runs, double MeanAcceptedTps, double StdDevAcceptedTps, double P50AcceptedTps,
    double P95AcceptedTps, double MeanLatencyMs, double HeightGained, double ToHealthySeconds)
{
    public static IReadOnlyList<SweepSummary> Of(IEnumerable<SweepRun> runs) =>
        runs.GroupBy(r => r.Combination).Select(g =>
        {
            var tps = g.Select(r => r.MeanAcceptedTps).ToList();
            var mean = tps.Average();
            var spread = tps.Count < 2 ? 0 : Math.Sqrt(tps.Sum(t => (t - mean) * (t - mean)) / (tps.Count - 1));
            return new SweepSummary(g.Key, g.Count(), mean, spread, g.Average(r => r.P50AcceptedTps), g.Average(r => r.P95AcceptedTps),
                g.Average(r => r.MeanLatencyMs), g.Average(r => (double)r.HeightGained), g.Max(r => r.ToHealthySeconds));
        }).ToList();
}

/// <summary>The JSON a sweep writes (and --compare reads back).</summary>
public sealed record SweepRecord(string Stack, DateTimeOffset Started, int DurationSeconds, int WarmupSeconds, int Repeat,
    IReadOnlyList<string> Keys, IReadOnlyList<SweepSummary> Summaries, IReadOnlyList<SweepRun> Runs);
