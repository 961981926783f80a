using System.Net;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>A node agent's /metrics, scraped as Prometheus would, with the simulator as /wavelet and a real etcd.</summary>
[Collection(Processes.Collection)]
public class MetricsEndpointTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    [Fact]
    public async Task NodeAgent_ServesItsHeightPeersAndRegistration_InPrometheusTextFormat()
    {
        var port = FreePort.Next();
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 1,
            env: new Dictionary<string, string> { ["WAVELET_AGENT_METRICS_PORT"] = $"{port}" });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{port}/metrics";

        string text = "";
        await Eventually.HoldsAsync(async () =>
        {
            try { text = await http.GetStringAsync(url); } catch (HttpRequestException) { return false; }
            return text.Contains("wavelet_registered{node=\"1\"} 1\n");
        }, TimeSpan.FromSeconds(60), () => $"{text}\n{agent.Output}");

        Assert.Contains("# TYPE wavelet_block_height gauge\n", text);
        Assert.Matches("wavelet_block_height\\{node=\"1\"\\} [0-9]+\n", text);
        Assert.Contains("wavelet_up{node=\"1\"} 1\n", text);
        Assert.Contains("wavelet_peers{node=\"1\"} 0\n", text); // alone: no peers
        Assert.Contains("wavelet_restarts_total{node=\"1\"} 0\n", text);
        Assert.Matches("wavelet_ledger_seconds\\{node=\"1\"\\} [0-9.eE-]+\n", text);
        using var response = await http.GetAsync($"http://127.0.0.1:{port}/other");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
