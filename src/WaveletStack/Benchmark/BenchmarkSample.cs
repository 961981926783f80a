using System.Globalization;
using System.Text.RegularExpressions;

namespace WaveletStack.Benchmark;

/// <summary>
/// One `INF Benchmarking... accepted_tps: … query_latency_mean_ms: …` line of `/benchmark`, from
/// one instance, at a moment (seconds since the run started).
/// </summary>
public sealed partial record BenchmarkSample(
    double Seconds, string Instance, double AcceptedTps, double ReceivedTps, double GossipedTps, double DownloadedTps,
    double QueriedPerSecond, double LatencyMinMs, double LatencyMeanMs, double LatencyMaxMs)
{
    /// <summary>The sample in a benchmark output line, or null for any other line (wallet, connect, errors).</summary>
    public static BenchmarkSample? Parse(string line, string instance, double seconds)
    {
        var text = Output.AnsiText.Strip(line);
        if (!text.Contains("Benchmarking...", StringComparison.Ordinal)) return null;
        var fields = Field().Matches(text).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        if (!fields.TryGetValue("accepted_tps", out var accepted)) return null;
        double Get(string name) => fields.GetValueOrDefault(name);
        // The v0.2 release says queried_rps where the master line says queried_bps.
        return new BenchmarkSample(seconds, instance, accepted, Get("received_tps"), Get("gossiped_tps"), Get("downloaded_tps"),
            fields.TryGetValue("queried_bps", out var q) ? q : Get("queried_rps"),
            Get("query_latency_min_ms"), Get("query_latency_mean_ms"), Get("query_latency_max_ms"));
    }

    [GeneratedRegex(@"([a-z_]+):\s*(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)")] private static partial Regex Field();
}
