using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaveletStack.Agent.Etcd;

/// <summary>The etcd keys of docs/architecture.md and their values.</summary>
public static class StackKeys
{
    public const string Peers = "/peers/";
    public const string Nodes = "/nodes/";
    /// <summary><c>/leaving/&lt;i&gt;</c>: node i is leaving (<see cref="LeaveNotice"/>); <c>/leaving/&lt;i&gt;/ack/&lt;j&gt;</c>: node j is ready for that round.</summary>
    public const string Leaving = "/leaving/";

    public static string LeavingAcks(int slot) => $"{Leaving}{slot}/ack/";

    /// <summary>The slot → value entries of one key family (<c>/peers/3</c> → 3), ignoring keys that are not slots.</summary>
    public static Dictionary<int, string> Slots(IReadOnlyDictionary<string, string> values, string prefix) =>
        values.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(kv.Key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var slot) && slot > 0)
            .ToDictionary(kv => int.Parse(kv.Key.AsSpan(prefix.Length), CultureInfo.InvariantCulture), kv => kv.Value);

    /// <summary>
    /// The peers' advertised addresses (<c>/peers/&lt;i&gt;</c>), each an IP address and port: a
    /// value that is not one never reaches /wavelet (its API or its command line); it is logged
    /// and left out.
    /// </summary>
    public static Dictionary<int, string> PeerAddresses(IReadOnlyDictionary<string, string> values)
    {
        var peers = Slots(values, Peers);
        foreach (var (slot, value) in peers.Where(p => !IsAddress(p.Value)).ToList())
        {
            Log.Warn($"etcd {Peers}{slot} is '{Printable(value)}', which is not an IP address and port; that peer is ignored");
            peers.Remove(slot);
        }
        return peers;
    }

    static bool IsAddress(string value) =>
        System.Net.IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port > 0 && value.Contains(':') && !value.Any(char.IsWhiteSpace);

    static string Printable(string value) =>
        new(value.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

/// <summary><c>/nodes/&lt;i&gt;</c>: where node i's container is on the stack network, and its wallet's public key.</summary>
public sealed record NodeRecord(
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("rpcPort")] int RpcPort,
    [property: JsonPropertyName("apiPort")] int ApiPort,
    [property: JsonPropertyName("publicKey")] string PublicKey)
{
    public string ToJson() => JsonSerializer.Serialize(this, AgentJson.Default.NodeRecord);

    public static NodeRecord? TryParse(string json)
    {
        try { return JsonSerializer.Deserialize(json, AgentJson.Default.NodeRecord); }
        catch (JsonException) { return null; }
    }
}

/// <summary>
/// <c>/leaving/&lt;i&gt;</c>: what node i, which is leaving, asks of the others in this round:
/// <c>connect</c> (dial it, so that a live outgoing link exists; then acknowledge) or <c>drop</c>
/// (it is frozen now: disconnect it, which removes it from the routing table).
/// </summary>
public sealed record LeaveNotice(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("round")] int Round,
    [property: JsonPropertyName("phase")] string Phase)
{
    public const string Connect = "connect";
    public const string Drop = "drop";

    public string ToJson() => JsonSerializer.Serialize(this, AgentJson.Default.LeaveNotice);

    public static LeaveNotice? TryParse(string json)
    {
        try { return JsonSerializer.Deserialize(json, AgentJson.Default.LeaveNotice) is { Address.Length: > 0, Round: > 0, Phase: Connect or Drop } notice ? notice : null; }
        catch (JsonException) { return null; }
    }
}

[JsonSerializable(typeof(NodeRecord))]
[JsonSerializable(typeof(LeaveNotice))]
[JsonSerializable(typeof(AddressBody))]
[JsonSerializable(typeof(WaveletStack.Agent.Node.RestMarker))]
internal sealed partial class AgentJson : JsonSerializerContext;

/// <summary>The body of /node/connect and /node/disconnect.</summary>
public sealed record AddressBody([property: JsonPropertyName("address")] string Address);
