using System.Net;
using System.Text;
using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.LoadBalancer;

/// <summary>
/// The HAProxy configuration of a stack, a pure function of the settings and etcd's /nodes.
/// Port 80 → node 1's API; 9000+i−1 → node i's API; 443 → node 1's 443 (TCP, its own
/// certificates) with WAVELET_API_HOST; 3000+i−1 → node i's RPC port, unless WAVELET_NO_RPC.
/// Frontends exist for every slot (<see cref="LoadBalancerSettings.Slots"/>), so a node that
/// is not registered (yet, or any more) has an empty backend: HAProxy answers 503 until it is.
/// </summary>
public static class HaproxyConfig
{
    public const int MainApiPort = 80;
    public const int HttpsPort = 443;
    public const int FirstApiPort = 9000;
    public const int FirstRpcPort = 3000;

    public static string Render(LoadBalancerSettings settings, IReadOnlyDictionary<int, NodeRecord> nodes)
    {
        var text = new StringBuilder();
        text.Append($"""
            # Written by `wavelet-agent loadbalancer` from etcd's /nodes; rewritten on every change.
            global
                master-worker
                log stdout format raw local0 notice
                maxconn {settings.MaxConn}

            defaults
                log global
                mode http
                option dontlognull
                timeout connect 5s
                timeout client 60s
                timeout server 60s
                timeout tunnel 1h

            """);
        var slots = Enumerable.Range(1, settings.Slots).ToList();
        Frontend(text, "api", settings.PortOffset + MainApiPort, "http", "api-1");
        foreach (var slot in slots) Frontend(text, $"api-{slot}", settings.PortOffset + FirstApiPort + slot - 1, "http", $"api-{slot}");
        if (settings.ApiHost is not null) Frontend(text, "https", settings.PortOffset + HttpsPort, "tcp", "https-1");
        if (!settings.NoRpc)
            foreach (var slot in slots) Frontend(text, $"rpc-{slot}", settings.PortOffset + FirstRpcPort + slot - 1, "tcp", $"rpc-{slot}");

        NodeRecord? Node(int slot) => nodes.GetValueOrDefault(slot);
        foreach (var slot in slots) Backend(text, $"api-{slot}", "http", slot, Node(slot) is { } n ? Server(n.Ip, n.ApiPort) : null);
        if (settings.ApiHost is not null) Backend(text, "https-1", "tcp", 1, Node(1) is { } first ? Server(first.Ip, HttpsPort) : null);
        if (!settings.NoRpc)
            foreach (var slot in slots) Backend(text, $"rpc-{slot}", "tcp", slot, Node(slot) is { } n ? Server(n.Ip, n.RpcPort) : null);
        return text.ToString();
    }

    /// <summary>
    /// Whether a /nodes record may become a server line: an IP address and ports in range. A
    /// value written by anything but a node agent (or a broken one) never reaches haproxy.cfg,
    /// where a stray newline or word could change the whole configuration.
    /// </summary>
    public static string? Problem(NodeRecord node) =>
        !IPAddress.TryParse(node.Ip, out _) || node.Ip.Any(char.IsWhiteSpace) ? $"ip '{node.Ip}' is not an IP address"
        : node.ApiPort is < 1 or > 65535 ? $"apiPort {node.ApiPort} is not a port"
        : node.RpcPort is < 1 or > 65535 ? $"rpcPort {node.RpcPort} is not a port"
        : null;

    static string Server(string ip, int port) => ip.Contains(':') ? $"[{ip}]:{port}" : $"{ip}:{port}";

    static void Frontend(StringBuilder text, string name, int port, string mode, string backend) =>
        text.Append($"\nfrontend {name}\n    bind :{port}\n    mode {mode}\n    default_backend {backend}\n");

    static void Backend(StringBuilder text, string name, string mode, int slot, string? server)
    {
        text.Append($"\nbackend {name}\n    mode {mode}\n");
        var empty = mode == "http" ? "HAProxy answers 503" : "connections are closed";
        text.Append(server is null ? $"    # node {slot} is not registered: no server, {empty}\n" : $"    server node-{slot} {server}\n");
    }
}
