using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Node;

/// <summary>The local node's HTTP API: /ledger for its peers, /node/connect and /node/disconnect with the bearer secret.</summary>
public sealed class WaveletApi(string baseUrl, string? secret, TimeSpan timeout) : IDisposable
{
    readonly HttpClient http = new() { BaseAddress = new Uri(baseUrl), Timeout = timeout };

    /// <summary>The peers' addresses that /ledger lists; throws when the node does not answer.</summary>
    public async Task<IReadOnlySet<string>> PeersAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync("/ledger", ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var ledger = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        return ParsePeers(ledger.RootElement);
    }

    /// <summary>The height of the node's latest block; throws when the node does not answer.</summary>
    public async Task<long> HeightAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync("/ledger", ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var ledger = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        return ParseHeight(ledger.RootElement);
    }

    /// <summary>The v0.2 release has a `round` in place of `block`: its height reads as 0, as Status shows it.</summary>
    public static long ParseHeight(JsonElement ledger) =>
        ledger.TryGetProperty("block", out var block) && block.ValueKind == JsonValueKind.Object
        && block.TryGetProperty("height", out var h) && h.TryGetInt64(out var value) ? value : 0;

    public static IReadOnlySet<string> ParsePeers(JsonElement ledger)
    {
        var peers = new HashSet<string>();
        if (ledger.TryGetProperty("peers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var peer in list.EnumerateArray())
                if (peer.TryGetProperty("address", out var address) && address.GetString() is { Length: > 0 } text) peers.Add(text);
        }
        return peers;
    }

    public Task ConnectAsync(string address, CancellationToken ct) => PostAsync("/node/connect", address, ct);
    public Task DisconnectAsync(string address, CancellationToken ct) => PostAsync("/node/disconnect", address, ct);

    async Task PostAsync(string path, string address, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(new AddressBody(address), AgentJson.Default.AddressBody), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new WaveletApiException(path, (int)response.StatusCode, (await response.Content.ReadAsStringAsync(ct)).Trim());
    }

    public void Dispose() => http.Dispose();
}

public sealed class WaveletApiException(string path, int status, string body)
    : Exception($"{path} answered {status}: {body}")
{
    public int Status { get; } = status;
}
