using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.Metrics;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.LoadBalancer;

/// <summary>
/// `wavelet-agent loadbalancer`: HAProxy configured from etcd. It starts at once with what is
/// known (possibly no node yet) and follows every change of /nodes.
/// </summary>
public static class LoadBalancerMode
{
    /// <summary>Changes that arrive together (a stack starting) are loaded as one reload.</summary>
    static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);

    public static async Task RunAsync(LoadBalancerSettings settings, AgentPaths paths, CancellationToken ct)
    {
        var haproxy = new HaproxyRunner(paths.HaproxyConfig, paths.HaproxySocket);
        if (!await haproxy.ApplyAsync(HaproxyConfig.Render(settings, new Dictionary<int, NodeRecord>()), ct))
            throw new InvalidOperationException("the HAProxy configuration for an empty stack is invalid");
        var running = haproxy.RunAsync(ct);
        var serving = MetricsServer.FromEnvironment(Env.FromProcess(), new LoadBalancerMetrics(new HaproxyRuntime(paths.HaproxySocket)).RenderAsync).RunAsync(ct);

        IReadOnlyDictionary<string, string>? latest = null;
        var changed = new SemaphoreSlim(0);
        using var store = new EtcdStore(settings.Sync);
        var watching = new PrefixWatcher(store, StackKeys.Nodes).RunAsync((values, _) =>
        {
            latest = values;
            if (changed.CurrentCount == 0) changed.Release();
            return Task.CompletedTask;
        }, ct);

        while (!ct.IsCancellationRequested)
        {
            await changed.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.Delay(Settle, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ct.IsCancellationRequested || latest is not { } values) continue;
            await haproxy.ApplyAsync(Render(settings, values), ct);
        }
        await Task.WhenAll(running, watching, serving);
    }

    public static string Render(LoadBalancerSettings settings, IReadOnlyDictionary<string, string> values)
    {
        var nodes = new Dictionary<int, NodeRecord>();
        foreach (var (slot, json) in StackKeys.Slots(values, StackKeys.Nodes))
        {
            var node = NodeRecord.TryParse(json);
            var problem = node is null ? "it is not a node record" : HaproxyConfig.Problem(node);
            if (problem is null) nodes[slot] = node!;
            else Log.Error($"{StackKeys.Nodes}{slot} = '{json}' is refused ({problem}); node {slot} gets no server");
        }
        return HaproxyConfig.Render(settings, nodes);
    }
}
