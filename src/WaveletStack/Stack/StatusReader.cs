using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>Gathers Status: the original's block (running, volumes, addresses) and the task table.</summary>
public sealed class StatusReader(IEngineConnection engine, StackConfiguration configuration)
{
    /// <summary>Where Prometheus serves the dashboard page (its --web.user-assets folder is served under /user/).</summary>
    public const string DashboardPath = "user/"; // Prometheus redirects …/index.html here

    public async Task<StackStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var stack = configuration.Stack;
        var changedBy = (await StackLease.HolderAsync(engine.Manager, stack, cancellationToken))?.Describe(stack);
        return (await ReadStateAsync(cancellationToken)) with { ChangedBy = changedBy };
    }

    async Task<StackStatus> ReadStateAsync(CancellationToken cancellationToken)
    {
        var stack = configuration.Stack;
        var snapshot = await StackSnapshot.ReadAsync(engine, stack, cancellationToken);
        var volumes = (await new StackVolumes(engine, stack).ListAsync(cancellationToken)).Count > 0;
        var wavelet = Wavelet(snapshot);
        if (!snapshot.IsRunning)
            return new StackStatus(stack, configuration.Swarm, false, false, volumes, wavelet, null, null, null, []);

        var address = await engine.PublicAddressAsync(cancellationToken);
        string? Url(int target) => snapshot.LbPorts.TryGetValue(target, out var port) ? $"http://{address}:{port}/" : null;
        var rpc = snapshot.LbPorts.TryGetValue(PortPlan.LbNodeRpcBase, out var rpcPort) ? $"{address}:{rpcPort}" : null;

        using var probe = new LedgerProbe(address);
        var rows = await Task.WhenAll(snapshot.Tasks.Select(async t =>
        {
            var ledger = t.Service == StackNaming.NodeService && t.State == "running"
                         && snapshot.LbPorts.TryGetValue(PortPlan.LbNodeApiBase + (int)t.Slot - 1, out var port)
                ? await probe.ReadAsync(port, cancellationToken) : null;
            return new TaskStatusRow(t.Name, t.Image, t.Host, t.State, t.Health, ledger?.Height, ledger?.Peers);
        }));
        var prometheus = snapshot.MetricsPort is { } metricsPort ? $"http://{address}:{metricsPort}/" : null;
        return new StackStatus(stack, configuration.Swarm, true, snapshot.Replicas(StackNaming.BenchmarkService) > 0, volumes,
            wavelet, Url(PortPlan.LbApiPort), Url(PortPlan.LbNodeApiBase), rpc, rows)
        {
            Prometheus = prometheus, Dashboard = prometheus is null ? null : prometheus + DashboardPath,
        };
    }

    /// <summary>What runs as Wavelet: said plainly when it is the project's simulator (a stand-in).</summary>
    public string Wavelet(StackSnapshot snapshot)
    {
        // The node image <registry>/wavelet-stack-node:<tag> is built from <registry>/wavelet:<tag>.
        var labels = snapshot.Services.GetValueOrDefault(StackNaming.NodeService)?.Spec.Labels;
        var node = labels is not null && labels.TryGetValue(StackNaming.ImageLabel, out var image) ? image
            : $"{configuration.Registry}/wavelet-stack-node:{configuration.Tag}";
        var wavelet = node.Replace("/wavelet-stack-node:", "/wavelet:");
        return wavelet.EndsWith(":sim", StringComparison.Ordinal) ? $"simulator ({wavelet})" : wavelet;
    }
}
