using System.Net;
using System.Net.Sockets;

namespace WaveletStack.Agent.Node;

/// <summary>
/// The container's address on the stack's network. Docker writes it into /etc/hosts under the
/// container's host name (its first network, the stack's: nodes publish no ports, so they join
/// no other network), which costs nothing at start. Failing that, the interface the kernel routes
/// to the sync service through is on the stack's network, so a connected UDP socket (no packet
/// is sent) names it — but that needs the sync service's DNS name, which swarm publishes only a
/// few seconds after a fresh stack's containers start. WAVELET_NODE_IP overrides both (tests on the host).
/// </summary>
public static class OverlayIp
{
    public static async Task<string> FindAsync(string? overrideIp, string syncEndpoint, CancellationToken ct)
    {
        if (overrideIp is not null) return overrideIp;
        if (FromHosts(TryRead("/etc/hosts"), Environment.MachineName) is { } listed) return listed;
        var uri = new Uri(syncEndpoint);
        var addresses = await Dns.GetHostAddressesAsync(uri.Host, AddressFamily.InterNetwork, ct);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(addresses[0], uri.Port);
        return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
    }

    /// <summary>The IPv4 address (not loopback) that <paramref name="hosts"/> gives <paramref name="hostName"/>, if exactly one.</summary>
    public static string? FromHosts(string? hosts, string hostName)
    {
        var found = (hosts ?? "").Split('\n')
            .Select(line => line.Split('#')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 2 && fields.Skip(1).Contains(hostName, StringComparer.OrdinalIgnoreCase))
            .Select(fields => IPAddress.TryParse(fields[0], out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(ip) ? fields[0] : null)
            .OfType<string>().Distinct().ToList();
        return found.Count == 1 ? found[0] : null;
    }

    static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
