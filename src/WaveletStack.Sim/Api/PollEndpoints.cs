using System.Net.WebSockets;
using System.Text.Json;
using WaveletStack.Sim.Node;

namespace WaveletStack.Sim.Api;

/// <summary>
/// The websocket polls. `/poll/metrics` sends the node's meters once a second (the benchmark
/// prints them); the other polls are accepted and stay quiet.
/// </summary>
internal static class PollEndpoints
{
    static readonly string[] QuietPolls = ["network", "consensus", "accounts", "contract", "tx"];

    public static void Map(WebApplication app, NodeHost host)
    {
        app.Map("/poll/metrics", (HttpContext ctx) => Stream(ctx, host, sendMetrics: true));
        foreach (var poll in QuietPolls)
            app.Map("/poll/" + poll, (HttpContext ctx) => Stream(ctx, host, sendMetrics: false));
    }

    static async Task Stream(HttpContext ctx, NodeHost host, bool sendMetrics)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            await HttpIo.Error(ctx, 400, "expected a websocket upgrade");
            return;
        }
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        var receiving = DrainAsync(socket, closed);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(closed.Token))
            {
                if (!sendMetrics) continue;
                var bytes = JsonSerializer.SerializeToUtf8Bytes(host.Current.Ledger.Metrics.Current, SimJson.Default.MetricsSample);
                await socket.SendAsync(bytes, WebSocketMessageType.Text, true, closed.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        await receiving;
    }

    // Reads (and ignores) what the client sends, to notice when it closes.
    static async Task DrainAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            closed.Cancel();
        }
    }
}
