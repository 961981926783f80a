using WaveletStack.Compose;
using WaveletStack.Configuration;

namespace WaveletStack.Stack;

/// <summary>
/// Turns the template (already filled from the configuration) into the stack to deploy: adds
/// the load balancer's published ports and its slot count (WAVELET_LB_SLOTS, which changes
/// only with those ports, so scaling within a block leaves its container alone), and in host publish mode (no routing mesh) publishes on
/// the host, resolves services by DNS round-robin and keeps the load balancer on the manager,
/// where users expect its ports. The metrics service (WAVELET_METRICS) publishes its own port, and
/// in host mode runs on the manager for the same reason.
/// </summary>
public static class StackRenderer
{
    public const string SlotsVariable = "WAVELET_LB_SLOTS";

    public static ComposeFile Render(ComposeFile template, PortPlan ports, PublishMode mode)
    {
        foreach (var name in new[] { StackNaming.SyncService, StackNaming.LoadBalancerService, StackNaming.NodeService, StackNaming.BenchmarkService })
            if (!template.Services.ContainsKey(name))
                throw new UserErrorException($"The compose template has no service '{name}'; the stack needs sync, loadbalancer, wavelet and benchmark.");

        if (mode == PublishMode.Auto) throw new ArgumentException("Decide the publish mode (PublishModeDetector) before rendering.", nameof(mode));
        var hostMode = mode == PublishMode.Host;
        var lb = template.Services[StackNaming.LoadBalancerService];
        lb.Environment = (lb.Environment ?? []).Where(e => !e.StartsWith(SlotsVariable + "=", StringComparison.Ordinal))
            .Append($"{SlotsVariable}={ports.Slots}").ToList();
        ComposePort Published(PortMapping p) => new() { Target = p.Target, Published = p.Published, Protocol = "tcp", Mode = hostMode ? "host" : "ingress" };
        lb.Ports = ports.All.Select(Published).ToList();
        var metrics = template.Services.GetValueOrDefault(StackNaming.MetricsService);
        if (metrics is not null && ports.Metrics is { } metricsPort) metrics.Ports = [Published(metricsPort)];
        if (hostMode)
        {
            foreach (var published in new[] { lb, metrics }.OfType<ComposeService>())
            {
                published.Deploy ??= new ComposeDeploy();
                published.Deploy.Placement ??= new ComposePlacement();
                published.Deploy.Placement.Constraints = (published.Deploy.Placement.Constraints ?? []).Append("node.role == manager").Distinct().ToList();
            }
            foreach (var service in template.Services.Values)
            {
                service.Deploy ??= new ComposeDeploy();
                service.Deploy.EndpointMode = "dnsrr";
            }
        }
        return template;
    }
}
