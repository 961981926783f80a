using System.Diagnostics;
using System.Text.Json;
using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Metrics;

/// <summary>
/// A node agent's /metrics: its `/ledger` asked at scrape time (height, peers, answer time, or
/// that it did not answer), how often `/wavelet` was started again, and whether its registration
/// (the leased `/peers/&lt;i&gt;` key) is in etcd as the agent's own watcher last saw it.
/// </summary>
public sealed class NodeMetrics(int node, string apiBaseUrl) : IDisposable
{
    readonly HttpClient http = new() { BaseAddress = new Uri(apiBaseUrl), Timeout = TimeSpan.FromSeconds(2) };
    int starts;
    volatile bool registered;

    /// <summary>Hooked to <see cref="WaveletSupervisor.Started"/>: every start after the first is a restart.</summary>
    public void OnWaveletStarted() => Interlocked.Increment(ref starts);

    /// <summary>Fed every change of /peers/: the node's own key is there while its lease lives.</summary>
    public void OnPeersChanged(IReadOnlyDictionary<string, string> values) => registered = values.ContainsKey(StackKeys.Peers + node);

    public async Task<MetricsText> RenderAsync(CancellationToken ct)
    {
        var label = ("node", node.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var metrics = new MetricsText();
        var clock = Stopwatch.StartNew();
        var ledger = await ReadLedgerAsync(ct);
        metrics.Gauge("wavelet_up", "1 when the node's /ledger answered this scrape, else 0", ledger is null ? 0 : 1, label);
        metrics.Gauge("wavelet_ledger_seconds", "How long the node's /ledger took to answer (or to fail)", clock.Elapsed.TotalSeconds, label);
        if (ledger is { } l)
        {
            metrics.Gauge("wavelet_block_height", "Height of the node's latest block (its /ledger)", l.Height, label);
            metrics.Gauge("wavelet_peers", "Peers the node's /ledger lists", l.Peers, label);
        }
        metrics.Counter("wavelet_restarts_total", "Times the agent started /wavelet again in this container", Math.Max(0, Volatile.Read(ref starts) - 1), label);
        metrics.Gauge("wavelet_registered", "1 while the node's leased registration (/peers/<i> in etcd) is there, else 0", registered ? 1 : 0, label);
        return metrics;
    }

    async Task<(long Height, int Peers)?> ReadLedgerAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("/ledger", ct);
            if (!response.IsSuccessStatusCode) return null;
            using var ledger = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            var root = ledger.RootElement;
            return (WaveletApi.ParseHeight(root), WaveletApi.ParsePeers(root).Count);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => http.Dispose();
}
