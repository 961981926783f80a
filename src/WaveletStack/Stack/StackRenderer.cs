using WaveletStack.Compose;
using WaveletStack.Configuration;

namespace WaveletStack.Stack;

/// <summary>
/// Turns the template (already filled from the configuration) into the stack to deploy: adds
/// the load balancer's published ports and its slot count (WAVELET_LB_SLOTS, which changes
/// only with those ports, so scaling within a block leaves its container alone), and in host publish mode (no routing mesh) publishes on
/// the host, resolves services by DNS round-robin and keeps the load balancer on the manager,
/// where users expect its ports.
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
        lb.Ports = ports.All.Select(p => new ComposePort
        {
            Target = p.Target, Published = p.Published, Protocol = "tcp", Mode = hostMode ? "host" : "ingress",
        }).ToList();
        if (hostMode)
        {
            lb.Deploy ??= new ComposeDeploy();
            lb.Deploy.Placement ??= new ComposePlacement();
            lb.Deploy.Placement.Constraints = (lb.Deploy.Placement.Constraints ?? []).Append("node.role == manager").Distinct().ToList();
            foreach (var service in template.Services.Values)
            {
                service.Deploy ??= new ComposeDeploy();
                service.Deploy.EndpointMode = "dnsrr";
            }
        }
        return template;
    }
}
