using System.Globalization;
using System.Text.RegularExpressions;

namespace WaveletStack.Agent.Metrics;

/// <summary>
/// A benchmark agent's /metrics: the figures of `/benchmark`'s latest "Benchmarking..." line
/// (accepted TPS, query latency) and the node it loads. Figures older than <see cref="Stale"/>
/// are left out, so Prometheus does not keep a stopped benchmark's last TPS as if it went on.
/// </summary>
public sealed partial class BenchmarkMetrics(int instance)
{
    static readonly TimeSpan Stale = TimeSpan.FromSeconds(10);

    readonly Lock gate = new();
    Dictionary<string, double> latest = [];
    DateTime latestAt = DateTime.MinValue;
    int targetNode;

    public void OnTarget(int node) => Volatile.Write(ref targetNode, node);

    /// <summary>Fed every line `/benchmark` prints (colours and all: the node's log lines are coloured).</summary>
    public void OnLine(string line)
    {
        var text = Ansi().Replace(line, "");
        if (!text.Contains("Benchmarking...", StringComparison.Ordinal)) return;
        var fields = Field().Matches(text).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        if (!fields.ContainsKey("accepted_tps")) return;
        lock (gate) { latest = fields; latestAt = DateTime.UtcNow; }
    }

    public Task<MetricsText> RenderAsync(CancellationToken ct)
    {
        var label = ("instance_id", instance.ToString(CultureInfo.InvariantCulture));
        var metrics = new MetricsText();
        metrics.Gauge("wavelet_benchmark_target_node", "The node this benchmark instance loads (0: none registered yet)", Volatile.Read(ref targetNode), label);
        Dictionary<string, double> figures;
        lock (gate) figures = DateTime.UtcNow - latestAt < Stale ? latest : [];
        foreach (var (field, name, help) in Exported)
            if (figures.TryGetValue(field, out var value)) metrics.Gauge(name, help, value, label);
        return Task.FromResult(metrics);
    }

    static readonly (string Field, string Name, string Help)[] Exported =
    [
        ("accepted_tps", "wavelet_benchmark_accepted_tps", "Accepted transactions per second in the benchmark's latest line"),
        ("received_tps", "wavelet_benchmark_received_tps", "Received transactions per second in the benchmark's latest line"),
        ("query_latency_mean_ms", "wavelet_benchmark_query_latency_mean_ms", "Mean query latency (ms) in the benchmark's latest line"),
        ("query_latency_max_ms", "wavelet_benchmark_query_latency_max_ms", "Largest query latency (ms) in the benchmark's latest line"),
    ];

    [GeneratedRegex(@"\x1b\[[0-9;]*m")] private static partial Regex Ansi();
    [GeneratedRegex(@"([a-z_]+):\s*(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)")] private static partial Regex Field();
}
