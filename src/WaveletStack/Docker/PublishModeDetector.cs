using WaveletStack.Configuration;

namespace WaveletStack.Docker;

/// <summary>How a stack publishes its ports, and why.</summary>
public sealed record PublishDecision(PublishMode Mode, string Reason)
{
    public override string ToString() => Mode == PublishMode.Ingress
        ? $"Ports are published through the routing mesh (mode ingress): {Reason}"
        : $"Ports are published on the hosts (mode host, dnsrr endpoints): {Reason}";
}

/// <summary>
/// Chooses between the swarm's ingress routing mesh and host-mode ports. The mesh needs IPVS in
/// the kernel, which some hosts lack (containers, minimal kernels); WAVELET_PUBLISH_MODE=auto
/// decides from the host, ingress/host force a mode.
/// </summary>
public static class PublishModeDetector
{
    /// <summary>Present when the kernel offers IPVS (the routing mesh's load balancer).</summary>
    public const string IpvsPath = "/proc/sys/net/ipv4/vs";

    /// <summary>True when this machine's kernel offers IPVS.</summary>
    public static bool LocalRoutingMeshAvailable(string procRoot = "/proc") =>
        Directory.Exists(Path.Combine(procRoot, "sys", "net", "ipv4", "vs"));

    /// <param name="configured">WAVELET_PUBLISH_MODE of the stack.</param>
    /// <param name="routingMeshAvailable">Whether the swarm's hosts have IPVS.</param>
    public static PublishDecision Decide(PublishMode configured, bool routingMeshAvailable) => configured switch
    {
        PublishMode.Auto when routingMeshAvailable => new(PublishMode.Ingress, "the hosts have IPVS (WAVELET_PUBLISH_MODE=auto)"),
        PublishMode.Auto => new(PublishMode.Host, "the hosts lack IPVS, so the routing mesh cannot work (WAVELET_PUBLISH_MODE=auto)"),
        PublishMode.Ingress when !routingMeshAvailable => new(PublishMode.Ingress,
            "set by WAVELET_PUBLISH_MODE=ingress although the hosts lack IPVS: published ports will not answer; set it to auto or host"),
        _ => new(configured, $"set by WAVELET_PUBLISH_MODE={configured.ToString().ToLowerInvariant()}"),
    };

    /// <summary>The decision for the local engine.</summary>
    public static PublishDecision ForLocalEngine(PublishMode configured) => Decide(configured, LocalRoutingMeshAvailable());
}
