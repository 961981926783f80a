using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>
/// The stack's overlay network `<stack>_default`, as `docker stack deploy` names it; attachable,
/// so a diagnostic container can join it (`docker run --network <stack>_default …`).
/// </summary>
public static class StackNetwork
{
    public static async Task<string> EnsureAsync(IDockerClient manager, string stack, CancellationToken cancellationToken)
    {
        if (await FindAsync(manager, stack, cancellationToken) is { } existing) return existing.ID;
        var created = await manager.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = StackNaming.Network(stack),
            Driver = "overlay",
            Attachable = true,
            CheckDuplicate = true,
            Labels = StackNaming.Labels(stack),
        }, cancellationToken);
        return created.ID;
    }

    public static async Task<NetworkResponse?> FindAsync(IDockerClient manager, string stack, CancellationToken cancellationToken)
    {
        var name = StackNaming.Network(stack);
        var networks = await manager.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        }, cancellationToken);
        return networks.FirstOrDefault(n => n.Name == name);
    }
}
