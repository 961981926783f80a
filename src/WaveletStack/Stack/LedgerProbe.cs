using System.Net.Http.Json;
using System.Text.Json;

namespace WaveletStack.Stack;

/// <summary>What a node's `GET /ledger` says about it: its address, block height and peers.</summary>
public sealed record LedgerView(string Address, long Height, IReadOnlySet<string> PeerAddresses)
{
    public int Peers => PeerAddresses.Count;
}

/// <summary>
/// Reads nodes' `/ledger` the way a user would: through the load balancer's published ports.
/// An answer proves the node, its registration and the load balancer's route to it all work.
/// </summary>
public sealed class LedgerProbe(string address) : IDisposable
{
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public async Task<LedgerView?> ReadAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var ledger = await http.GetFromJsonAsync<JsonDocument>($"http://{address}:{port}/ledger", cancellationToken);
            var root = ledger!.RootElement;
            // The v0.2 release reports a `round` instead of a `block`: its height shows as 0.
            var height = root.TryGetProperty("block", out var block) && block.ValueKind == JsonValueKind.Object
                         && block.TryGetProperty("height", out var h) && h.TryGetInt64(out var value) ? value : 0;
            var peers = new HashSet<string>();
            if (root.TryGetProperty("peers", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var peer in list.EnumerateArray())
                    peers.Add(peer.ValueKind == JsonValueKind.Object && peer.TryGetProperty("address", out var a) ? a.GetString() ?? "" : "");
            var self = root.TryGetProperty("address", out var own) && own.ValueKind == JsonValueKind.String ? own.GetString()! : "";
            return new LedgerView(self, height, peers);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException
                                  && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => http.Dispose();
}
