namespace WaveletStack.Agent.Node;

/// <summary>Where /wavelet listens for peers (RPC) and the address it advertises to them.</summary>
/// <remarks>
/// Peers dial each other on the stack's overlay network, never through the load balancer: a
/// load balancer that is replaced (its published ports change) or restarted then breaks no
/// peer link, and no node waits for anything from outside its container to know its address.
/// The load balancer still publishes each node's RPC port to the outside (unless WAVELET_NO_RPC).
/// </remarks>
public sealed record NodeAddress(string AdvertisedHost, int Port)
{
    public const int ApiPort = 9000;
    public const int RpcPort = 3000;

    public string Advertised => $"{AdvertisedHost}:{Port}";
}
