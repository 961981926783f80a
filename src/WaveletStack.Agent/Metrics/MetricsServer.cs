using System.Net;
using System.Net.Sockets;
using System.Text;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Metrics;

/// <summary>
/// Serves `GET /metrics` on port 2112 of the container (the stack network only: never published)
/// for the stack's Prometheus (WAVELET_METRICS=yes). A plain socket and one short answer per
/// connection: no web framework in the agent, so the node's RSS grows by little. The figures are
/// gathered when asked (<paramref name="render"/>), so nothing runs between scrapes. A port that
/// cannot be bound is logged and the agent goes on without metrics.
/// </summary>
public sealed class MetricsServer(int port, Func<CancellationToken, Task<MetricsText>> render)
{
    public const int DefaultPort = 2112;
    const string PortVariable = "WAVELET_AGENT_METRICS_PORT"; // test hook: agents side by side on one host
    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static MetricsServer FromEnvironment(Env env, Func<CancellationToken, Task<MetricsText>> render) =>
        new(env.Number(PortVariable, DefaultPort, 1, 65535), render);

    public async Task RunAsync(CancellationToken ct)
    {
        var listener = new TcpListener(IPAddress.Any, port);
        try { listener.Start(); }
        catch (SocketException e)
        {
            Log.Warn($"metrics: cannot listen on port {port} ({e.Message}); this agent serves no /metrics");
            return;
        }
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(ct);
                _ = ServeAsync(client, ct); // one at a time would let a slow client hold up Prometheus
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally { listener.Stop(); }
    }

    async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            var stream = client.GetStream();
            var requestLine = await ReadRequestLineAsync(stream, timeout.Token);
            var parts = requestLine.Split(' ');
            var (status, type, body) = parts is ["GET", "/metrics" or "/metrics/", ..]
                ? ("200 OK", MetricsText.ContentType, (await render(timeout.Token)).ToString())
                : ("404 Not Found", "text/plain; charset=utf-8", "only GET /metrics is served here\n");
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
            await stream.WriteAsync(bytes, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { } // the scraper went away
        catch (Exception e) { Log.Warn($"metrics: answering a scrape failed ({e.GetType().Name}: {e.Message})"); }
    }

    /// <summary>The request's first line; the headers after it are read up to the blank line (8 KiB at most) and ignored.</summary>
    static async Task<string> ReadRequestLineAsync(NetworkStream stream, CancellationToken ct)
    {
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (received.Length < 8192 && !received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0) break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var text = received.ToString();
        var end = text.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }
}
