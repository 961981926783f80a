using System.Text;
using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.LoadBalancer;

/// <summary>
/// The HAProxy configuration of a stack, a pure function of the settings and etcd's /nodes and
/// /mapping. Port 80 → node 1's API; 9000+i−1 → node i's API; 443 → node 1's 443 (TCP, its own
/// certificates) with WAVELET_API_HOST; each node's load-balancer RPC port (from /mapping) → its
/// RPC port, unless WAVELET_NO_RPC. Ports follow WAVELET_NODES. A node not registered yet keeps
/// its frontend with an empty backend, so HAProxy starts and answers 503 until it is.
/// </summary>
public static class HaproxyConfig
{
    public const int MainApiPort = 80;
    public const int HttpsPort = 443;
    public const int FirstApiPort = 9000;

    public static string Render(LoadBalancerSettings settings, IReadOnlyDictionary<int, NodeRecord> nodes, IReadOnlyDictionary<int, Mapping> mappings)
    {
        var text = new StringBuilder();
        text.Append($"""
            # Written by `wavelet-agent loadbalancer` from etcd (/nodes, /mapping); rewritten on every change.
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
        Frontend(text, "api", settings.PortOffset + MainApiPort, "http", "api-1");
        for (var slot = 1; slot <= settings.NodeCount; slot++)
            Frontend(text, $"api-{slot}", settings.PortOffset + FirstApiPort + slot - 1, "http", $"api-{slot}");
        if (settings.ApiHost is not null) Frontend(text, "https", settings.PortOffset + HttpsPort, "tcp", "https-1");
        if (!settings.NoRpc)
            for (var slot = 1; slot <= settings.NodeCount; slot++)
                if (mappings.TryGetValue(slot, out var mapping))
                    Frontend(text, $"rpc-{slot}", settings.PortOffset + mapping.LoadBalancerPort, "tcp", $"rpc-{slot}");

        for (var slot = 1; slot <= settings.NodeCount; slot++)
            Backend(text, $"api-{slot}", "http", slot, nodes.GetValueOrDefault(slot) is { } n ? $"{n.Ip}:{n.ApiPort}" : null);
        if (settings.ApiHost is not null)
            Backend(text, "https-1", "tcp", 1, nodes.GetValueOrDefault(1) is { } n ? $"{n.Ip}:{HttpsPort}" : null);
        if (!settings.NoRpc)
            for (var slot = 1; slot <= settings.NodeCount; slot++)
                if (mappings.ContainsKey(slot))
                    Backend(text, $"rpc-{slot}", "tcp", slot, nodes.GetValueOrDefault(slot) is { } n ? $"{n.Ip}:{n.RpcPort}" : null);
        return text.ToString();
    }

    static void Frontend(StringBuilder text, string name, int port, string mode, string backend) =>
        text.Append($"\nfrontend {name}\n    bind :{port}\n    mode {mode}\n    default_backend {backend}\n");

    static void Backend(StringBuilder text, string name, string mode, int slot, string? server)
    {
        text.Append($"\nbackend {name}\n    mode {mode}\n");
        var empty = mode == "http" ? "HAProxy answers 503" : "connections are closed";
        text.Append(server is null ? $"    # node {slot} is not registered yet: no server, {empty}\n" : $"    server node-{slot} {server}\n");
    }
}
