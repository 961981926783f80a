using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>The services and tasks of one stack, found by the label `docker stack` uses.</summary>
public static class StackServices
{
    public static async Task<IReadOnlyList<SwarmService>> ListAsync(IDockerClient manager, string stack, CancellationToken cancellationToken) =>
        (await manager.Swarm.ListServicesAsync(new ServicesListParameters
        {
            Filters = new ServiceFilter { Label = [$"{StackNaming.NamespaceLabel}={stack}"] },
        }, cancellationToken)).ToList();

    public static async Task<SwarmService?> FindAsync(IDockerClient manager, string stack, string service, CancellationToken cancellationToken) =>
        (await ListAsync(manager, stack, cancellationToken)).FirstOrDefault(s => s.Spec.Name == StackNaming.Service(stack, service));

    /// <summary>Tasks of the stack's services (all states; callers pick the ones they need).</summary>
    public static async Task<IList<TaskResponse>> TasksAsync(IDockerClient manager, string stack, CancellationToken cancellationToken) =>
        await manager.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{StackNaming.NamespaceLabel}={stack}"] = true },
            },
        }, cancellationToken);
}
