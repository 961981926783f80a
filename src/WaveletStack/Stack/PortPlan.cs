namespace WaveletStack.Stack;

/// <summary>What the configuration asks of the load balancer's ports.</summary>
public sealed record PortRequest(int Nodes, bool NoRpc, int? ApiPort = null, int? RpcPort = null, string? ApiHost = null);

/// <summary>One published port of the load balancer: container port → port on the swarm.</summary>
public sealed record PortMapping(int Target, int Published, string Purpose);

/// <summary>
/// Every port the load balancer publishes, node by node. Node i (1-based) is reached at
/// <see cref="NodeApi"/>[i-1] (→ lb 9000+i-1) and, unless RPC is off, at <see cref="NodeRpc"/>[i-1]
/// (→ lb 3000+i-1); the node listens for RPC on that same published port, so the address it
/// advertises to peers is one they can dial.
/// </summary>
public sealed record PortPlan(PortMapping Api, PortMapping? Https, IReadOnlyList<PortMapping> NodeApi, IReadOnlyList<PortMapping> NodeRpc)
{
    public const int LbApiPort = 80, LbHttpsPort = 443, LbNodeApiBase = 9000, LbNodeRpcBase = 3000;

    public IEnumerable<PortMapping> All =>
        new[] { Api }.Concat(Https is null ? [] : [Https]).Concat(NodeApi).Concat(NodeRpc);
}
