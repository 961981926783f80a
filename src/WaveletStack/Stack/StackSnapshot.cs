using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>One task of the stack as Status and WaitHealthy show it.</summary>
/// <param name="IsCurrent">Made from its service's current spec (false for a task a rolling update has yet to replace).</param>
public sealed record TaskView(string Name, string Service, long Slot, string Image, string Host, string SwarmNodeId,
    string State, string Health, string? ContainerId, string? Error, bool IsCurrent = true)
{
    public bool IsHealthy => State == "running" && Health is "healthy" or "-";

    /// <summary>
    /// Its container has started. Swarm reports a task with a health check as "starting" until
    /// the first check passes (5 s after start, at the earliest), though the container runs.
    /// </summary>
    public bool IsStarted => State is "running" or "starting" && ContainerId is not null;
}

/// <summary>
/// The stack as the engine sees it at one moment: its services, the tasks meant to run (with
/// their containers' health, read on each task's host), and the load balancer's published ports.
/// </summary>
public sealed record StackSnapshot(
    string Stack,
    IReadOnlyDictionary<string, SwarmService> Services,
    IReadOnlyList<TaskView> Tasks,
    IReadOnlyDictionary<int, int> LbPorts)
{
    public bool IsRunning => Services.Count > 0;

    public int Replicas(string service) =>
        (int)(Services.GetValueOrDefault(service)?.Spec.Mode?.Replicated?.Replicas ?? 0);

    public IEnumerable<TaskView> Of(string service) => Tasks.Where(t => t.Service == service);

    /// <summary>The metrics service's published port (Prometheus and the dashboard), or null when the stack runs none.</summary>
    public int? MetricsPort => Services.GetValueOrDefault(StackNaming.MetricsService)?.Spec.EndpointSpec?.Ports?
        .FirstOrDefault(p => p.TargetPort == PortPlan.MetricsPort)?.PublishedPort is { } port and > 0 ? (int)port : null;

    /// <param name="latestPerSlot">Take each slot's newest task whatever its state (to explain failures),
    /// instead of the tasks meant to run.</param>
    /// <param name="readHealth">Inspect each container for Docker's health (one engine call per task,
    /// two at a time: most of a look at a large stack); without it every health reads "-".</param>
    public static async Task<StackSnapshot> ReadAsync(IEngineConnection engine, string stack, CancellationToken cancellationToken,
        bool latestPerSlot = false, bool readHealth = true)
    {
        var manager = engine.Manager;
        var services = (await StackServices.ListAsync(manager, stack, cancellationToken))
            .ToDictionary(s => s.Spec.Name[(stack.Length + 1)..]);
        if (services.Count == 0) return new StackSnapshot(stack, services, [], new Dictionary<int, int>());

        var byId = services.ToDictionary(s => s.Value.ID, s => s.Key);
        var hosts = (await manager.Swarm.ListNodesAsync(cancellationToken)).ToDictionary(n => n.ID, n => n.Description?.Hostname ?? n.ID);
        var all = (await StackServices.TasksAsync(manager, stack, cancellationToken)).Where(t => byId.ContainsKey(t.ServiceID));
        var tasks = (latestPerSlot
                ? all.GroupBy(t => (t.ServiceID, t.Slot)).Select(g => g.MaxBy(t => t.CreatedAt)!)
                : all.Where(t => t.DesiredState == TaskState.Running))
            .OrderBy(t => Array.IndexOf(Order, byId[t.ServiceID])).ThenBy(t => t.Slot)
            .ToList();
        // Two at a time: on a remote swarm every engine request is an SSH handshake of its own
        // (Docker.DotNet opens a connection per request). Unbounded, Status of 5 tasks on a local
        // 2-host swarm took 5 s as the handshakes queued; two at a time, 2.3-2.8 s.
        using var gate = new SemaphoreSlim(ConcurrentInspections);
        var views = await Task.WhenAll(tasks.Select(async t =>
        {
            await gate.WaitAsync(cancellationToken);
            try { return await ViewAsync(engine, stack, byId[t.ServiceID], services[byId[t.ServiceID]].Spec, t, hosts, readHealth, cancellationToken); }
            finally { gate.Release(); }
        }));
        var lb = services.GetValueOrDefault(StackNaming.LoadBalancerService);
        var ports = lb?.Endpoint?.Ports?.ToDictionary(p => (int)p.TargetPort, p => (int)p.PublishedPort)
                    ?? lb?.Spec.EndpointSpec?.Ports?.ToDictionary(p => (int)p.TargetPort, p => (int)p.PublishedPort)
                    ?? new Dictionary<int, int>();
        return new StackSnapshot(stack, services, views, ports);
    }

    const int ConcurrentInspections = 2;

    static readonly string[] Order =
        [StackNaming.LoadBalancerService, StackNaming.SyncService, StackNaming.NodeService, StackNaming.BenchmarkService, StackNaming.MetricsService];

    static async Task<TaskView> ViewAsync(IEngineConnection engine, string stack, string service, ServiceSpec spec, TaskResponse task,
        IReadOnlyDictionary<string, string> hosts, bool readHealth, CancellationToken cancellationToken)
    {
        var state = task.Status?.State.ToString().ToLowerInvariant() ?? "unknown";
        var containerId = task.Status?.ContainerStatus?.ContainerID;
        var health = "-";
        if (readHealth && state is "running" or "starting" && containerId is not null)
            health = await HealthAsync(await engine.ForSwarmNodeAsync(task.NodeID, cancellationToken), containerId, cancellationToken);
        var labels = task.Spec?.ContainerSpec?.Labels;
        var image = labels is not null && labels.TryGetValue(StackNaming.ImageLabel, out var name) ? name : task.Spec?.ContainerSpec?.Image ?? "";
        var at = image.IndexOf('@');
        return new TaskView($"{StackNaming.Service(stack, service)}.{task.Slot}", service, task.Slot, at < 0 ? image : image[..at],
            task.NodeID is null ? "" : hosts.GetValueOrDefault(task.NodeID, task.NodeID), task.NodeID ?? "",
            state, health, containerId, string.IsNullOrEmpty(task.Status?.Err) ? null : task.Status.Err,
            task.Spec is null || ServiceSpecComparer.IsCurrent(task.Spec, spec));
    }

    static async Task<string> HealthAsync(IDockerClient host, string containerId, CancellationToken cancellationToken)
    {
        try
        {
            var container = await host.Containers.InspectContainerAsync(containerId, cancellationToken);
            return container.State?.Health?.Status is { Length: > 0 } status ? status : "-";
        }
        catch (DockerContainerNotFoundException)
        {
            return "gone";
        }
    }
}
