using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Output;
using WaveletStack.Stack;
using WaveletStack.Compose;

namespace WaveletStack.Swarm;

/// <summary>SwarmStatus and ListSwarms: what the original's `manage-swarm status|list` printed.</summary>
public static class SwarmReports
{
    /// <summary>The swarm's hosts as `docker node ls` shows them.</summary>
    public static async Task<Table> NodesAsync(IDockerClient manager, CancellationToken cancellationToken)
    {
        var self = (await manager.System.GetSystemInfoAsync(cancellationToken)).Swarm?.NodeID;
        var table = new Table("ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ENGINE VERSION");
        foreach (var node in (await manager.Swarm.ListNodesAsync(cancellationToken)).OrderBy(n => n.Description?.Hostname, StringComparer.Ordinal))
            table.Add(node.ID + (node.ID == self ? " *" : ""), node.Description?.Hostname, Title(node.Status?.State),
                Title(node.Spec?.Availability), Title(node.ManagerStatus?.Leader == true ? "leader" : node.ManagerStatus?.Reachability),
                node.Description?.Engine?.EngineVersion);
        return table;
    }

    /// <summary>The stacks on the swarm and how many services each has, as `docker stack ls` shows them.</summary>
    public static async Task<Table> StacksAsync(IDockerClient manager, CancellationToken cancellationToken)
    {
        var services = await manager.Swarm.ListServicesAsync(new ServicesListParameters(), cancellationToken);
        var table = new Table("NAME", "SERVICES", "ORCHESTRATOR");
        foreach (var stack in services
                     .Select(s => StackNaming.StackOf(s.Spec?.Labels))
                     .OfType<string>().GroupBy(n => n).OrderBy(g => g.Key, StringComparer.Ordinal))
            table.Add(stack.Key, stack.Count(), "Swarm");
        return table;
    }

    public static async Task PrintStatusAsync(string swarm, SwarmStore store, CancellationToken cancellationToken)
    {
        await using var engines = await EngineConnections.ForSwarmAsync(swarm, store, cancellationToken);
        Ui.Info((await NodesAsync(engines.Manager, cancellationToken)).ToString());
        var stacks = await StacksAsync(engines.Manager, cancellationToken);
        Ui.Info(stacks.Count == 0
            ? $"No stacks run on {swarm} yet; deploy one with `./build.sh DeployStack --stack {swarm}-<name>`."
            : stacks.ToString());
    }

    public static void PrintKnown(SwarmStore store)
    {
        var table = Known(store);
        Ui.Info(table.Count == 0
            ? $"No swarms are known here ({store.SwarmsFolder}); make one with CreateSwarm or fetch one with `ImportSwarm --ip <host>`."
            : table.ToString());
    }

    public static Table Known(SwarmStore store)
    {
        var table = new Table("NAME", "PROVIDER", "HOSTS", "MANAGER");
        foreach (var swarm in store.List())
            table.Add(swarm.Name, swarm.Provider, swarm.Hosts.Count, swarm.ManagerHost?.Address);
        return table;
    }

    static string Title(string? value) => string.IsNullOrEmpty(value) ? "" : char.ToUpperInvariant(value[0]) + value[1..];
}
