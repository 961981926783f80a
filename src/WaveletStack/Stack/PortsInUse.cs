using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>
/// Ports the stack must not pick: those published by other services and containers, and — on
/// the local engine — any port something on this machine listens on. The stack's own ports are
/// left out, so a redeploy may keep them.
/// </summary>
public static class PortsInUse
{
    public static async Task<HashSet<int>> FindAsync(IDockerClient manager, string stack, bool isLocal,
        IReadOnlyCollection<int> ownPorts, CancellationToken cancellationToken)
    {
        var taken = new HashSet<int>();
        foreach (var service in await manager.Swarm.ListServicesAsync(new ServicesListParameters(), cancellationToken))
            if (StackNaming.StackOf(service.Spec?.Labels) != stack)
                taken.UnionWith(service.Endpoint?.Ports?.Select(p => (int)p.PublishedPort) ?? []);
        var containers = await manager.Containers.ListContainersAsync(new ContainersListParameters(), cancellationToken);
        foreach (var container in containers)
            if (StackNaming.StackOf(container.Labels) != stack)
                taken.UnionWith(container.Ports?.Select(p => (int)p.PublicPort) ?? []);
        if (isLocal) taken.UnionWith(LocalListeningPorts().Except(ownPorts));
        taken.Remove(0);
        return taken;
    }

    /// <summary>TCP ports in LISTEN state on this machine (Linux /proc; nothing elsewhere).</summary>
    static IEnumerable<int> LocalListeningPorts() =>
        new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists)
            .SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 3 && f[3] == "0A")
            .Select(f => Convert.ToInt32(f[1][(f[1].LastIndexOf(':') + 1)..], 16));
}
