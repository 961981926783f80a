using System.Net;
using System.Net.Sockets;

namespace WaveletStack.Agent.Node;

/// <summary>
/// The container's address on the stack's network. A container has several interfaces (the
/// stack's overlay, docker_gwbridge, maybe ingress); the one the kernel routes to the sync
/// service through is on the stack's network, so a connected UDP socket (no packet is sent)
/// names it. WAVELET_NODE_IP overrides it (tests on the host).
/// </summary>
public static class OverlayIp
{
    public static async Task<string> FindAsync(string? overrideIp, string syncEndpoint, CancellationToken ct)
    {
        if (overrideIp is not null) return overrideIp;
        var uri = new Uri(syncEndpoint);
        var addresses = await Dns.GetHostAddressesAsync(uri.Host, AddressFamily.InterNetwork, ct);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(addresses[0], uri.Port);
        return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
    }
}
