using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Node;

/// <summary>Where /wavelet listens for peers (RPC) and the address it advertises to them.</summary>
public sealed record NodeAddress(string AdvertisedHost, int Port)
{
    public const int ApiPort = 9000;
    public const int FirstRpcPort = 3000;

    public string Advertised => $"{AdvertisedHost}:{Port}";

    /// <summary>
    /// With WAVELET_NO_RPC the node is reached only inside the stack: port 3000+i−1 on its overlay
    /// IP. Otherwise peers (and the outside) reach it through the published address of
    /// <c>/mapping/&lt;i&gt;</c>; null means that mapping is not there yet and the caller waits.
    /// </summary>
    public static NodeAddress? Choose(bool noRpc, int nodeId, string overlayIp, Mapping? mapping) =>
        noRpc ? new NodeAddress(overlayIp, FirstRpcPort + nodeId - 1)
        : mapping is null ? null
        : new NodeAddress(mapping.ExternalIp, mapping.ExternalPort);
}
