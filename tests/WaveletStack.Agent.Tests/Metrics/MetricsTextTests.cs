using WaveletStack.Agent.Metrics;

namespace WaveletStack.Agent.Tests.Metrics;

public class MetricsTextTests
{
    [Fact]
    public void Text_DescribesEachMetricOnce_AndEscapesLabelValues()
    {
        var text = new MetricsText()
            .Gauge("wavelet_peers", "Peers", 2, ("node", "1"))
            .Gauge("wavelet_peers", "Peers", 3, ("node", "2"))
            .Counter("wavelet_restarts_total", "Restarts", 0, ("node", "a\"b\\c\nd"))
            .Gauge("wavelet_ledger_seconds", "Answer time", 0.25)
            .ToString();

        Assert.Equal(
            "# HELP wavelet_peers Peers\n# TYPE wavelet_peers gauge\nwavelet_peers{node=\"1\"} 2\nwavelet_peers{node=\"2\"} 3\n" +
            "# HELP wavelet_restarts_total Restarts\n# TYPE wavelet_restarts_total counter\nwavelet_restarts_total{node=\"a\\\"b\\\\c\\nd\"} 0\n" +
            "# HELP wavelet_ledger_seconds Answer time\n# TYPE wavelet_ledger_seconds gauge\nwavelet_ledger_seconds 0.25\n",
            text);
    }

    [Fact]
    public async Task BenchmarkFigures_ComeFromTheLatestLine_ColoursAndAll()
    {
        var metrics = new BenchmarkMetrics(2);
        metrics.OnTarget(1);
        Assert.DoesNotContain("accepted_tps", (await metrics.RenderAsync(default)).ToString()); // no figures yet: none shown

        metrics.OnLine("\u001b[90m12:00:01\u001b[0m \u001b[32mINF\u001b[0m Benchmarking... \u001b[36maccepted_tps:\u001b[0m 812.5 downloaded_tps: 0 " +
                       "gossiped_tps: 0 queried_bps: 40 query_latency_max_ms: 9 query_latency_mean_ms: 2.25 query_latency_min_ms: 1 received_tps: 900");
        metrics.OnLine("INF Loaded wallet. privateKey: … publicKey: …"); // not a figures line: changes nothing

        var text = (await metrics.RenderAsync(default)).ToString();
        Assert.Contains("wavelet_benchmark_accepted_tps{instance_id=\"2\"} 812.5\n", text);
        Assert.Contains("wavelet_benchmark_query_latency_mean_ms{instance_id=\"2\"} 2.25\n", text);
        Assert.Contains("wavelet_benchmark_target_node{instance_id=\"2\"} 1\n", text);
    }
}
