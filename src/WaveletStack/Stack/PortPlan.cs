namespace WaveletStack.Stack;

/// <summary>What the configuration asks of the load balancer's ports.</summary>
public sealed record PortRequest(int Nodes, bool NoRpc, int? ApiPort = null, int? RpcPort = null, string? ApiHost = null, bool Metrics = false)
{
    /// <summary>
    /// The node slots the load balancer publishes ports for: the node count rounded up to a
    /// power of two, at least <see cref="PortPlan.MinimumSlots"/>. A change of the published
    /// ports makes swarm replace the load balancer's container, so adding or removing a node
    /// within a block changes none (3 → 4, 10 → 11 keep it; 8 → 9 does not). A fixed
    /// WAVELET_RPC_PORT range is not taken past port 65535.
    /// </summary>
    public int Slots
    {
        get
        {
            var slots = PortPlan.MinimumSlots;
            while (slots < Nodes) slots *= 2;
            return RpcPort is { } first && !NoRpc ? Math.Max(Nodes, Math.Min(slots, 65536 - first)) : slots;
        }
    }
}

/// <summary>One published port of the load balancer: container port → port on the swarm.</summary>
public sealed record PortMapping(int Target, int Published, string Purpose);

/// <summary>
/// Every port the load balancer publishes, slot by slot (<see cref="PortRequest.Slots"/>: there
/// may be more slots than nodes). Node i (1-based) is reached at <see cref="NodeApi"/>[i-1]
/// (→ lb 9000+i-1) and, unless RPC is off, at <see cref="NodeRpc"/>[i-1] (→ lb 3000+i-1 → the
/// node's RPC port 3000 on the stack network). <see cref="Metrics"/> (WAVELET_METRICS=yes) is the
/// one port published by another service: the metrics service's Prometheus and dashboard.
/// </summary>
public sealed record PortPlan(PortMapping Api, PortMapping? Https, IReadOnlyList<PortMapping> NodeApi, IReadOnlyList<PortMapping> NodeRpc,
    PortMapping? Metrics = null)
{
    public const int LbApiPort = 80, LbHttpsPort = 443, LbNodeApiBase = 9000, LbNodeRpcBase = 3000;

    /// <summary>Prometheus's port in the metrics container: below every load-balancer port (3000+), so the planner's targets stay apart.</summary>
    public const int MetricsPort = 2113;
    public const int MinimumSlots = 8;

    public int Slots => NodeApi.Count;

    /// <summary>The load balancer's ports (the metrics service publishes its own).</summary>
    public IEnumerable<PortMapping> All =>
        new[] { Api }.Concat(Https is null ? [] : [Https]).Concat(NodeApi).Concat(NodeRpc);
}
