using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Compose;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// Start and update in one: brings the swarm to the rendered stack through the Engine API.
/// Everything is checked first (ports when rendering, then images) so a refused deploy changes
/// nothing; then the network is made if missing, each service is created, updated only when its spec differs
/// (naming the fields), or left alone, and services the template no longer has are removed.
/// </summary>
public sealed class StackDeployer(IEngineConnection engine)
{
    /// <summary>
    /// RenderCompose: the stack as it should run — the template with its published ports (kept
    /// from the running stack where they exist) and the publish mode. Changes nothing.
    /// </summary>
    /// <param name="template">The compose template with the configuration's values filled in.</param>
    public async Task<RenderedStack> RenderAsync(string stack, ComposeFile template, PortRequest portRequest,
        PublishMode mode, CancellationToken cancellationToken)
    {
        var running = (await StackServices.ListAsync(engine.Manager, stack, cancellationToken)).ToDictionary(s => s.Spec.Name);
        var runningPorts = new[] { StackNaming.LoadBalancerService, StackNaming.MetricsService }
            .SelectMany(s => running.GetValueOrDefault(StackNaming.Service(stack, s))?.Spec.EndpointSpec?.Ports ?? [])
            .ToDictionary(p => (int)p.TargetPort, p => (int)p.PublishedPort);
        var taken = await PortsInUse.FindAsync(engine.Manager, stack, engine.IsLocal, runningPorts.Values, cancellationToken);
        var ports = PortPlanner.Plan(portRequest, runningPorts, taken);
        return new RenderedStack(stack, StackRenderer.Render(template, ports, mode), ports, running);
    }

    /// <summary>DeployStack: applies a rendered stack; images are checked before anything changes.</summary>
    public async Task<DeployReport> DeployAsync(RenderedStack rendered, CancellationToken cancellationToken)
    {
        var (stack, file, ports, running) = rendered;
        var manager = engine.Manager;
        var images = await ImageResolver.ResolveAsync(manager, stack, file.Services.Values.Select(s => s.Image), engine.IsLocal, cancellationToken);
        var networkId = await StackNetwork.EnsureAsync(manager, stack, cancellationToken);
        var secrets = await StackSecrets.EnsureAsync(manager, stack, file, cancellationToken);
        var specs = ServiceSpecConverter.Convert(file, stack, networkId, secrets);
        foreach (var spec in specs.Values) PinImage(spec, images);

        var created = new List<string>();
        var updated = new Dictionary<string, IReadOnlyList<string>>();
        var unchanged = new List<string>();
        var changedIds = new List<string>();
        var createdHere = new List<StartOrder.Created>();
        foreach (var (service, spec) in StartOrder.Sort(specs))
        {
            if (!running.TryGetValue(spec.Name, out var current))
            {
                // Kept volumes are levelled while sync and the load balancer start (their head start).
                if (service == StackNaming.NodeService)
                    await new VolumeLeveller(engine, stack).RunAsync(spec.TaskTemplate.ContainerSpec.Image, (int)(spec.Mode.Replicated?.Replicas ?? 0), cancellationToken);
                await StartOrder.BeforeCreatingAsync(manager, service, createdHere, cancellationToken);
                Ui.Info($"Creating service {spec.Name}");
                var id = (await manager.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = spec }, cancellationToken)).ID;
                changedIds.Add(id);
                createdHere.Add(new StartOrder.Created(service, id, spec.Mode.Replicated?.Replicas ?? 1));
                created.Add(service);
                continue;
            }
            var differences = ServiceSpecComparer.Differences(spec, current.Spec);
            if (differences.Count == 0) { unchanged.Add(service); continue; }
            if (service == StackNaming.NodeService && spec.Mode.Replicated.Replicas < current.Spec.Mode?.Replicated?.Replicas)
                await NodeRetirement.RetireAboveAsync(engine, stack, current, spec.Mode.Replicated.Replicas!.Value, cancellationToken);
            Ui.Info($"Updating service {spec.Name} ({string.Join(", ", differences)})");
            await manager.Swarm.UpdateServiceAsync(current.ID,
                new ServiceUpdateParameters { Service = spec, Version = (long)current.Version.Index }, cancellationToken);
            updated[service] = differences;
            changedIds.Add(current.ID);
        }
        foreach (var id in changedIds) await SwarmScheduling.EnsureScheduledAsync(manager, id, cancellationToken);

        var removed = new List<string>();
        foreach (var extra in running.Values.Where(s => !specs.Values.Any(d => d.Name == s.Spec.Name)))
        {
            Ui.Info($"Removing service {extra.Spec.Name} (no longer in the template)");
            await manager.Swarm.RemoveServiceAsync(extra.ID, cancellationToken);
            removed.Add(extra.Spec.Name);
        }
        await StackSecrets.RemoveUnusedAsync(manager, stack, cancellationToken); // a changed key's former secret
        return new DeployReport(created, updated, unchanged, removed, ports);
    }

    static void PinImage(ServiceSpec spec, IReadOnlyDictionary<string, ResolvedImage> images)
    {
        var container = spec.TaskTemplate.ContainerSpec;
        var image = images[container.Image];
        container.Labels[StackNaming.ImageLabel] = container.Image;   // the name, for Status: the reference may be an id
        container.Image = image.Reference;
        container.Labels[ImageResolver.ImageIdLabel] = image.Id;
    }
}
