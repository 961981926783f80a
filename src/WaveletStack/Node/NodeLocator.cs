using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Stack;

namespace WaveletStack.Node;

/// <summary>
/// Finds the container behind a node id, wherever the swarm runs it: the service's running task
/// for that slot → the swarm node running it → that host's engine → the container.
/// </summary>
public sealed class NodeLocator(IEngineConnection connection, string stack)
{
    static readonly string[] Services =
        [NodeId.WaveletService, NodeId.SyncService, NodeId.LoadBalancerService, NodeId.BenchmarkService];

    public string Stack => stack;
    public IEngineConnection Connection => connection;

    public Task<NodeContainer> FindAsync(string? nodeId, CancellationToken cancellationToken) =>
        FindAsync(NodeId.Parse(nodeId), cancellationToken);

    public async Task<NodeContainer> FindAsync(NodeId id, CancellationToken cancellationToken)
    {
        var running = await RunningTasksAsync(cancellationToken);
        if (!running.TryGetValue(id, out var task))
        {
            throw new UserErrorException(running.Count == 0
                ? $"Stack '{stack}' is not running; start it with `./build.sh DeployStack --stack {stack}`."
                : $"Node '{id}' is not running in stack '{stack}'; running ids: {string.Join(", ", running.Keys)}.");
        }
        var engine = await connection.ForSwarmNodeAsync(task.NodeID, cancellationToken);
        return new NodeContainer(stack, id, engine, task.Status.ContainerStatus.ContainerID);
    }

    /// <summary>Every Wavelet node of the stack that runs now, in slot order.</summary>
    public async Task<IReadOnlyList<NodeContainer>> AllWaveletNodesAsync(CancellationToken cancellationToken)
    {
        var running = await RunningTasksAsync(cancellationToken);
        var nodes = new List<NodeContainer>();
        foreach (var (id, task) in running.Where(r => r.Key.IsWavelet))
            nodes.Add(new NodeContainer(stack, id, await connection.ForSwarmNodeAsync(task.NodeID, cancellationToken),
                task.Status.ContainerStatus.ContainerID));
        return nodes.Count > 0 ? nodes
            : throw new UserErrorException($"Stack '{stack}' runs no Wavelet node; start it with `./build.sh DeployStack --stack {stack}`.");
    }

    /// <summary>The ids that run now, each with its running task, ordered as users count them.</summary>
    public async Task<SortedDictionary<NodeId, TaskResponse>> RunningTasksAsync(CancellationToken cancellationToken)
    {
        var services = await StackServices.ListAsync(connection.Manager, stack, cancellationToken);
        var names = services.ToDictionary(s => s.ID, s => s.Spec.Name);
        var tasks = await connection.Manager.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["desired-state"] = new Dictionary<string, bool> { ["running"] = true } },
        }, cancellationToken);
        var result = new SortedDictionary<NodeId, TaskResponse>(Comparer<NodeId>.Create(Compare));
        foreach (var task in tasks)
        {
            // "starting": the container runs, swarm waits for its first health check.
            if (task.Status?.State is not (TaskState.Running or TaskState.Starting) || task.Status.ContainerStatus?.ContainerID is null) continue;
            if (!names.TryGetValue(task.ServiceID, out var name)) continue;
            var service = Services.FirstOrDefault(s => name == $"{stack}_{s}");
            if (service is not null) result[NodeId.FromTask(service, (int)task.Slot)] = task;
        }
        return result;
    }

    static int Compare(NodeId a, NodeId b)
    {
        var byService = Array.IndexOf(Services, a.Service).CompareTo(Array.IndexOf(Services, b.Service));
        return byService != 0 ? byService : a.Slot.CompareTo(b.Slot);
    }
}
