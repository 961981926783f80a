using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WaveletStack.Sim.Node;
using WaveletStack.Sim.P2p;

namespace WaveletStack.Sim.Api;

/// <summary>`GET /ledger` and the bearer-guarded control endpoints `POST /node/{connect,disconnect,restart}`.</summary>
internal static class NodeEndpoints
{
    public static void Map(WebApplication app, NodeHost host)
    {
        app.MapGet("/ledger", (HttpContext ctx) => Ledger(ctx, host.Current));
        app.MapPost("/node/connect", (HttpContext ctx) => Guarded(ctx, host, Connect));
        app.MapPost("/node/disconnect", (HttpContext ctx) => Guarded(ctx, host, Disconnect));
        app.MapPost("/node/restart", (HttpContext ctx) => Guarded(ctx, host, Restart));
    }

    static Task Ledger(HttpContext ctx, NodeRuntime node)
    {
        var (accounts, numTx, inStore) = node.Ledger.Counts;
        var peers = node.Network.Peers;
        var view = new LedgerView(
            node.Wallet.PublicKeyHex, node.Options.AdvertisedAddress, accounts, 0,
            BlockView.From(node.Ledger.Head), null, 0, numTx, inStore, accounts,
            peers.Count == 0 ? null : peers, Simulator: true);
        return HttpIo.Json(ctx, 200, view, SimJson.Default.LedgerView);
    }

    // With no secret configured nothing is authorised, as on the real node.
    static Task Guarded(HttpContext ctx, NodeHost host, Func<HttpContext, NodeHost, Task> handler)
    {
        var secret = host.Options.ApiSecret;
        var given = ctx.Request.Headers.Authorization.ToString();
        var expected = "Bearer " + secret;
        var ok = secret.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
        return ok ? handler(ctx, host) : HttpIo.Unauthorized(ctx);
    }

    static Task Connect(HttpContext ctx, NodeHost host) => PeerCommand(ctx, host.Current.Network.ConnectAsync,
        "Successfully connected to", "error connecting to peer: ");

    static Task Disconnect(HttpContext ctx, NodeHost host) => PeerCommand(ctx, host.Current.Network.DisconnectAsync,
        "Successfully disconnected from", "error disconnecting from peer: ");

    static async Task PeerCommand(HttpContext ctx, Func<string, CancellationToken, Task> command, string done, string failed)
    {
        if (await ReadAddress(ctx) is not { } address) return;
        try
        {
            await command(address, ctx.RequestAborted);
            await HttpIo.Message(ctx, $"{done} {address}");
        }
        catch (PeerException e)
        {
            await HttpIo.Error(ctx, 500, failed + e.Message);
        }
    }

    static async Task Restart(HttpContext ctx, NodeHost host)
    {
        await HttpIo.Message(ctx, "Successfully restarted node");
        // Answer first: the restart closes storage and the peer network under this request.
        ctx.Response.OnCompleted(() =>
        {
            _ = Task.Run(host.RestartAsync);
            return Task.CompletedTask;
        });
    }

    /// <summary>The body's `address`, or null after answering 400.</summary>
    static async Task<string?> ReadAddress(HttpContext ctx)
    {
        var (document, error) = await HttpIo.ReadJson(ctx);
        using (document)
        {
            if (error is not null)
            {
                await HttpIo.Error(ctx, 400, error);
                return null;
            }
            var root = document!.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("address", out var a)
                && a.ValueKind == JsonValueKind.String && a.GetString() is { Length: > 0 } address)
                return address;
            await HttpIo.Error(ctx, 400, "address is missing");
            return null;
        }
    }
}
