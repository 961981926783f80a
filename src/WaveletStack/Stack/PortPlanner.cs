namespace WaveletStack.Stack;

/// <summary>
/// Chooses the published ports, as the original did: API (main) on WAVELET_API_PORT or a free
/// port, the per-node API ports right after it, then the RPC ports (from WAVELET_RPC_PORT when
/// set), for every slot of <see cref="PortRequest.Slots"/> (nodes not there yet included). A port the running stack already publishes for the same purpose is kept, so a
/// redeploy changes no port and the addresses users know stay valid.
/// </summary>
public static class PortPlanner
{
    /// <summary>Where free ports are looked for (the swarm's own dynamic range).</summary>
    public const int FirstDynamicPort = 30000, LastDynamicPort = 32767;

    sealed record Want(int Target, int? Fixed, string Purpose, string? Key);

    /// <param name="request">What the configuration asks for.</param>
    /// <param name="running">Target → published port of the running load balancer (empty when none).</param>
    /// <param name="taken">Ports used by anything but this stack; the planner adds its own picks.</param>
    public static PortPlan Plan(PortRequest request, IReadOnlyDictionary<int, int> running, ISet<int> taken)
    {
        var nodes = Enumerable.Range(1, request.Slots).ToList();
        var wants = new List<Want> { new(PortPlan.LbApiPort, request.ApiPort, "API (main)", "WAVELET_API_PORT") };
        wants.AddRange(nodes.Select(i => new Want(PortPlan.LbNodeApiBase + i - 1, null, $"API of node {i}", null)));
        if (!request.NoRpc)
            wants.AddRange(nodes.Select(i => new Want(PortPlan.LbNodeRpcBase + i - 1, request.RpcPort + i - 1, $"RPC of node {i}", "WAVELET_RPC_PORT")));
        if (!string.IsNullOrEmpty(request.ApiHost))
            wants.Add(new(PortPlan.LbHttpsPort, PortPlan.LbHttpsPort, "API (HTTPS)", "port 443 (WAVELET_API_HOST)"));
        if (request.Metrics)
            wants.Add(new(PortPlan.MetricsPort, null, "Prometheus and the dashboard", null));

        foreach (var want in wants.Where(w => w.Fixed is not null))
        {
            if (want.Fixed > 65535)
                throw new UserErrorException($"{want.Key} leaves no room for the {want.Purpose}: port {want.Fixed} is above 65535; choose a lower port.");
            if (taken.Contains(want.Fixed!.Value))
                throw new UserErrorException(
                    $"Port {want.Fixed} for the {want.Purpose} ({want.Key}) is already in use on the swarm; choose another or leave {want.Key} empty for a free port.");
        }
        var fixedPorts = wants.Where(w => w.Fixed is not null).Select(w => w.Fixed!.Value).ToHashSet();
        // Keep what the running stack publishes, unless a fixed port now claims it.
        var kept = running.Where(r => wants.Any(w => w.Target == r.Key && w.Fixed is null)
                                      && !fixedPorts.Contains(r.Value) && !taken.Contains(r.Value))
            .ToDictionary(r => r.Key, r => r.Value);
        taken.UnionWith(fixedPorts);
        taken.UnionWith(kept.Values);

        var previous = FirstDynamicPort - 1;
        var picked = new Dictionary<int, PortMapping>();
        foreach (var want in wants)
        {
            var published = want.Fixed ?? (kept.TryGetValue(want.Target, out var port) ? port : NextFree(previous + 1, taken));
            taken.Add(published);
            if (want.Target != PortPlan.LbHttpsPort) previous = published;
            picked[want.Target] = new PortMapping(want.Target, published, want.Purpose);
        }
        return new PortPlan(
            picked[PortPlan.LbApiPort],
            picked.GetValueOrDefault(PortPlan.LbHttpsPort),
            nodes.Select(i => picked[PortPlan.LbNodeApiBase + i - 1]).ToList(),
            request.NoRpc ? [] : nodes.Select(i => picked[PortPlan.LbNodeRpcBase + i - 1]).ToList(),
            picked.GetValueOrDefault(PortPlan.MetricsPort));
    }

    static int NextFree(int from, ISet<int> taken)
    {
        var start = Math.Clamp(from, FirstDynamicPort, LastDynamicPort + 1);
        for (var port = start; port <= LastDynamicPort; port++)
            if (!taken.Contains(port)) return port;
        for (var port = FirstDynamicPort; port < start; port++)
            if (!taken.Contains(port)) return port;
        throw new UserErrorException(
            $"No free port is left in {FirstDynamicPort}-{LastDynamicPort} on the swarm; stop a stack or lower WAVELET_NODES.");
    }
}
