using WaveletStack.Output;
using WaveletStack.Stack;
using WaveletStack.Swarm;

namespace WaveletStack.Providers.DigitalOcean;

/// <summary>
/// The swarm's cloud firewall, on the swarm's droplet tag: from anywhere only SSH and the ports
/// stacks publish; the swarm's own ports (manager, gossip, overlay) only between the swarm's
/// droplets. A stack publishes its free-port picks in the swarm's dynamic range and 443 for
/// WAVELET_API_HOST; a fixed WAVELET_API_PORT or WAVELET_RPC_PORT outside them is warned about.
/// </summary>
public static class DigitalOceanFirewall
{
    public const int HttpsPort = 443;

    public static DoFirewall For(string tag)
    {
        var everywhere = new DoFirewallSources(Addresses: ["0.0.0.0/0", "::/0"]);
        var swarm = new DoFirewallSources(Tags: [tag]);
        return new DoFirewall(null, tag,
        [
            new("tcp", "22", everywhere),
            new("tcp", "2377", swarm), new("tcp", "7946", swarm), new("udp", "7946", swarm), new("udp", "4789", swarm),
            new("tcp", $"{HttpsPort}", everywhere),
            new("tcp", $"{PortPlanner.FirstDynamicPort}-{PortPlanner.LastDynamicPort}", everywhere),
        ],
        [
            new("tcp", "all", everywhere), new("udp", "all", everywhere), new("icmp", "all", everywhere),
        ], [tag]);
    }

    /// <summary>Whether users outside the swarm reach <paramref name="port"/> through the firewall.</summary>
    public static bool Opens(int port) =>
        port == HttpsPort || port is >= PortPlanner.FirstDynamicPort and <= PortPlanner.LastDynamicPort;

    /// <summary>On a DigitalOcean swarm known here: a warning for each published port its firewall keeps closed.</summary>
    public static void WarnAboutClosedPorts(SwarmStore store, string swarm, PortPlan plan) =>
        WarnAboutClosedPorts(store.Exists(swarm) ? store.Load(swarm).Record : null, plan);

    public static void WarnAboutClosedPorts(SwarmRecord? swarm, PortPlan plan)
    {
        if (swarm?.Provider != DigitalOceanHostProvider.ProviderName) return;
        var closed = plan.All.Where(p => !Opens(p.Published)).ToList();
        if (closed.Count == 0) return;
        Ui.Warn($"swarm '{swarm.Name}' has a DigitalOcean firewall that opens only {HttpsPort} and {PortPlanner.FirstDynamicPort}-{PortPlanner.LastDynamicPort} " +
                $"to users; {string.Join(", ", closed.Select(p => $"{p.Published} ({p.Purpose})"))} stay closed from outside: leave WAVELET_API_PORT and " +
                "WAVELET_RPC_PORT empty for ports in that range, or add a rule to the firewall in the control panel.");
    }
}
