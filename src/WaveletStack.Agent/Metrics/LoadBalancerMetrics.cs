using System.Globalization;
using System.Net.Sockets;
using WaveletStack.Agent.LoadBalancer;

namespace WaveletStack.Agent.Metrics;

/// <summary>
/// The load balancer's /metrics, from HAProxy's own `show stat` on its runtime socket at scrape
/// time: each backend (node i's API or RPC) with how many servers it has (0: the node is not
/// registered) and its open sessions, and each server's state.
/// </summary>
public sealed class LoadBalancerMetrics(HaproxyRuntime runtime)
{
    public async Task<MetricsText> RenderAsync(CancellationToken ct)
    {
        var metrics = new MetricsText();
        string stat;
        try { stat = await runtime.AskAsync("show stat", ct); }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return metrics.Gauge("wavelet_lb_up", "1 when HAProxy's runtime socket answered this scrape, else 0", 0);
        }
        metrics.Gauge("wavelet_lb_up", "1 when HAProxy's runtime socket answered this scrape, else 0", 1);
        var lines = stat.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("# ", StringComparison.Ordinal)) return metrics;
        var columns = lines[0][2..].Split(',').Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(r => r.Length >= columns.Count - 1).ToList();
        string Cell(string[] row, string column) => columns.TryGetValue(column, out var i) && i < row.Length ? row[i] : "";

        foreach (var backend in rows.Where(r => Cell(r, "svname") == "BACKEND"))
        {
            var name = Cell(backend, "pxname");
            var servers = rows.Where(r => Cell(r, "pxname") == name && Cell(r, "svname") is not ("BACKEND" or "FRONTEND")).ToList();
            metrics.Gauge("wavelet_lb_backend_servers", "Servers of the backend (0: its node is not registered)", servers.Count, ("backend", name));
            metrics.Gauge("wavelet_lb_backend_sessions", "Sessions open through the backend now",
                double.TryParse(Cell(backend, "scur"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sessions) ? sessions : 0, ("backend", name));
            foreach (var server in servers)
                metrics.Gauge("wavelet_lb_server_up", "1 unless HAProxy reports the server DOWN or in maintenance",
                    Cell(server, "status") is var status && (status.StartsWith("DOWN", StringComparison.Ordinal) || status.StartsWith("MAINT", StringComparison.Ordinal)) ? 0 : 1,
                    ("backend", name), ("server", Cell(server, "svname")));
        }
        return metrics;
    }
}
