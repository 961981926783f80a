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
