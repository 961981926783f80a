using System.Text.Json;
using WaveletStack.Sim.Node;

namespace WaveletStack.Sim.Api;

/// <summary>Transactions and accounts: `POST /tx/send`, `GET /tx`, `GET /tx/:id`, `GET /accounts/:id`, `GET /contract/:id`.</summary>
internal static class LedgerEndpoints
{
    public static void Map(WebApplication app, NodeHost host)
    {
        app.MapPost("/tx/send", (HttpContext ctx) => Send(ctx, host.Current));
        app.MapGet("/tx", (HttpContext ctx) => List(ctx, host.Current));
        app.MapGet("/tx/{id}", (HttpContext ctx) => Find(ctx, host.Current));
        app.MapGet("/accounts/{id}", (HttpContext ctx) => Account(ctx, host.Current));
        app.MapGet("/contract/{id}", (HttpContext ctx) =>
            HttpIo.Error(ctx, 404, $"could not find contract with ID {ctx.Request.RouteValues["id"]}"));
    }

    static async Task Send(HttpContext ctx, NodeRuntime node)
    {
        var (document, error) = await HttpIo.ReadJson(ctx);
        using (document)
        {
            if (error is not null) { await HttpIo.Error(ctx, 400, error); return; }
            TxSendRequest? request;
            try
            {
                request = document!.Deserialize(SimJson.Default.TxSendRequest);
            }
            catch (JsonException e)
            {
                await HttpIo.Error(ctx, 400, "error parsing request body: " + e.Message);
                return;
            }
            if (Invalid(request) is { } problem) { await HttpIo.Error(ctx, 400, "error parsing request body: " + problem); return; }

            var tx = node.Ledger.Submit(request!.Sender.ToLowerInvariant(), request.Tag, request.Payload.ToLowerInvariant(), request.Signature.ToLowerInvariant());
            if (tx is null) { await HttpIo.Error(ctx, 503, "too many pending transactions; try again later"); return; }
            await HttpIo.Json(ctx, 200, new TxSentView(tx.Id, [node.Ledger.Head.Id], false), SimJson.Default.TxSentView);
        }
    }

    static string? Invalid(TxSendRequest? r) =>
        r is null ? "body must be a JSON object"
        : r.Sender is null || r.Sender.Length != 64 || !Wallet.IsHex(r.Sender) ? "sender must be a 64-character hex public key"
        : r.Signature is null || r.Signature.Length != 128 || !Wallet.IsHex(r.Signature) ? "signature must be 128 hex characters"
        : r.Payload is null || !Wallet.IsHex(r.Payload) ? "payload must be hex"
        : null;

    static Task List(HttpContext ctx, NodeRuntime node)
    {
        var offset = int.TryParse(ctx.Request.Query["offset"], out var o) && o >= 0 ? o : 0;
        var limit = int.TryParse(ctx.Request.Query["limit"], out var l) && l > 0 ? Math.Min(l, 1000) : 50;
        var list = node.Ledger.RecentTransactions(offset, limit).Select(TransactionView.From).ToList();
        return HttpIo.Json(ctx, 200, list, SimJson.Default.ListTransactionView);
    }

    static Task Find(HttpContext ctx, NodeRuntime node)
    {
        var id = ctx.Request.RouteValues["id"]?.ToString() ?? "";
        if (id.Length != 64 || !Wallet.IsHex(id)) return HttpIo.Error(ctx, 400, $"transaction ID must be 64 hex characters: {id}");
        return node.Ledger.FindTransaction(id.ToLowerInvariant()) is { } tx
            ? HttpIo.Json(ctx, 200, TransactionView.From(tx), SimJson.Default.TransactionView)
            : HttpIo.Error(ctx, 404, $"could not find transaction with ID {id}");
    }

    static Task Account(HttpContext ctx, NodeRuntime node)
    {
        var id = ctx.Request.RouteValues["id"]?.ToString() ?? "";
        if (id.Length != 64 || !Wallet.IsHex(id)) return HttpIo.Error(ctx, 400, $"account ID must be 64 hex characters: {id}");
        var key = id.ToLowerInvariant();
        var a = node.Ledger.FindAccount(key) ?? new Ledger.Account();
        return HttpIo.Json(ctx, 200, new AccountView(key, a.Balance, 0, a.Stake, a.Reward, a.Nonce, false), SimJson.Default.AccountView);
    }
}
