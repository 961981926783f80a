using System.Globalization;
using System.Text;
using System.Text.Json;
using WaveletStack.Output;

namespace WaveletStack.Benchmark;

/// <summary>Per-instance figures of a run: what the summary table, the JSON and --compare show.</summary>
public sealed record InstanceSummary(string Instance, int Samples, double MeanAcceptedTps, double MaxAcceptedTps, double MeanLatencyMs);

/// <summary>The samples of one benchmark run and what follows from them.</summary>
/// <param name="warmupSeconds">Seconds after every instance reports that the figures leave out (Sweep: a network that just restarted).</param>
public sealed class BenchmarkResults(string stack, int count, DateTimeOffset started, double warmupSeconds = 0)
{
    public const string TotalName = "total";
    readonly List<BenchmarkSample> samples = [];
    readonly Dictionary<string, BenchmarkSample> latest = [];
    readonly Dictionary<string, string> lastOther = [];
    readonly TaskCompletionSource allReporting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Stack => stack;
    public int Count => count;
    public DateTimeOffset Started => started;
    public IReadOnlyList<BenchmarkSample> Samples => samples;

    public void Add(BenchmarkSample sample)
    {
        lock (samples)
        {
            samples.Add(sample);
            latest[sample.Instance] = sample;
            if (latest.Count >= count) allReporting.TrySetResult();
        }
    }

    /// <summary>The running aggregate: the latest line of every instance, summed (TPS) and averaged (latency).</summary>
    public string Aggregate()
    {
        lock (samples)
        {
            var parts = latest.Values.OrderBy(s => s.Instance, StringComparer.Ordinal).Select(s => $"{s.Instance} {s.AcceptedTps:0.0}");
            return $"accepted {latest.Values.Sum(s => s.AcceptedTps):0.0} TPS ({string.Join(", ", parts)}), mean latency {(latest.Count == 0 ? 0 : latest.Values.Average(s => s.LatencyMeanMs)):0.00} ms";
        }
    }

    /// <summary>
    /// When the measurement starts: once every instance has printed its first figures (the latest
    /// first sample), so a late starter's warm-up does not drag the others' means; if not all of
    /// them ever reported, from the first sample. A warm-up, when asked for, starts it that much later.
    /// </summary>
    public double WindowStart
    {
        get
        {
            lock (samples)
            {
                if (samples.Count == 0) return 0;
                var firsts = samples.GroupBy(s => s.Instance).Select(g => g.Min(s => s.Seconds)).ToList();
                return (firsts.Count >= count ? firsts.Max() : firsts.Min()) + warmupSeconds;
            }
        }
    }

    /// <summary>
    /// Per instance and in total over the same window. The total mean is the sum of the instances'
    /// means (they run side by side), so with one instance the two agree exactly; it used to be the mean
    /// of a once-a-second resampling, which skips and repeats lines printed out of step with the clock
    /// (one instance once showed 676.75 against a total of 697.01).
    /// </summary>
    public IReadOnlyList<InstanceSummary> Summaries()
    {
        var start = WindowStart;
        List<BenchmarkSample> measured;
        lock (samples) measured = samples.Where(s => s.Seconds >= start).ToList();
        var perInstance = measured.GroupBy(s => s.Instance).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new InstanceSummary(g.Key, g.Count(), g.Average(s => s.AcceptedTps), g.Max(s => s.AcceptedTps), g.Average(s => s.LatencyMeanMs)))
            .ToList();
        // The total's peak: the highest sum of the instances' latest figures, and never below one instance's own peak.
        var series = TotalSeries().Where(p => p.Seconds >= start).Select(p => p.AcceptedTps);
        perInstance.Add(new InstanceSummary(TotalName, measured.Count,
            perInstance.Sum(i => i.MeanAcceptedTps),
            perInstance.Count == 0 ? 0 : series.Append(perInstance.Max(i => i.MaxAcceptedTps)).Max(),
            perInstance.Count == 0 ? 0 : perInstance.Average(i => i.MeanLatencyMs)));
        return perInstance;
    }

    /// <summary>Remembers an instance's last line that was not a sample (an error, a reconnect) for when it gathers none.</summary>
    public void NoteOtherLine(string instance, string line)
    {
        lock (samples) lastOther[instance] = line.Trim();
    }

    /// <summary>Completes when every instance has printed its first figures: a run's duration counts from then.</summary>
    public Task AllReporting => allReporting.Task;

    /// <summary>
    /// Throws when the run gathered no samples at all (a summary of zeros would pass for a result),
    /// naming each instance and the last thing it said.
    /// </summary>
    public void EnsureSamples(IEnumerable<string> instances, double seconds)
    {
        lock (samples)
        {
            if (samples.Count > 0) return;
            var said = instances.Select(i => lastOther.TryGetValue(i, out var line) ? $"{i} (last line: '{line}')" : $"{i} (no output)");
            throw new UserErrorException(
                $"The benchmark gathered no samples in {seconds:0} s from {string.Join(", ", said)}; " +
                "check the stack is healthy (`./build.sh Status`) and the instances' logs (`./build.sh Logs --node benchmark`).");
        }
    }

    /// <summary>
    /// The total over time, one point a second: the sum of each instance's latest accepted TPS and
    /// the mean of their latest latencies (instances print about once a second, not in step).
    /// </summary>
    public IReadOnlyList<(double Seconds, double AcceptedTps, double LatencyMeanMs)> TotalSeries()
    {
        var points = new List<(double, double, double)>();
        if (samples.Count == 0) return points;
        var current = new Dictionary<string, BenchmarkSample>();
        var ordered = samples.OrderBy(s => s.Seconds).ToList();
        var next = 0;
        for (var second = Math.Ceiling(ordered[0].Seconds); second <= Math.Ceiling(ordered[^1].Seconds); second++)
        {
            while (next < ordered.Count && ordered[next].Seconds <= second) { current[ordered[next].Instance] = ordered[next]; next++; }
            if (current.Count > 0) points.Add((second, current.Values.Sum(s => s.AcceptedTps), current.Values.Average(s => s.LatencyMeanMs)));
        }
        return points;
    }

    public Table SummaryTable()
    {
        var table = new Table("instance", "samples", "mean accepted TPS", "max accepted TPS", "mean latency ms");
        foreach (var s in Summaries()) table.Add(s.Instance, s.Samples, F(s.MeanAcceptedTps), F(s.MaxAcceptedTps), F(s.MeanLatencyMs));
        return table;
    }

    public string ToCsv()
    {
        var csv = new StringBuilder("seconds,instance,accepted_tps,received_tps,gossiped_tps,downloaded_tps,queried_per_s,query_latency_min_ms,query_latency_mean_ms,query_latency_max_ms\n");
        foreach (var s in samples.OrderBy(s => s.Seconds))
            csv.AppendLine(string.Join(",", F(s.Seconds), s.Instance, F(s.AcceptedTps), F(s.ReceivedTps), F(s.GossipedTps), F(s.DownloadedTps),
                F(s.QueriedPerSecond), F(s.LatencyMinMs), F(s.LatencyMeanMs), F(s.LatencyMaxMs)));
        return csv.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new BenchmarkRecord(stack, count, started,
        samples.Count == 0 ? 0 : samples.Max(s => s.Seconds), Summaries(), samples.OrderBy(s => s.Seconds).ToList()), Json);

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The JSON file of a run, read back by --compare.</summary>
public sealed record BenchmarkRecord(string Stack, int Count, DateTimeOffset Started, double Seconds,
    IReadOnlyList<InstanceSummary> Summaries, IReadOnlyList<BenchmarkSample> Samples);
