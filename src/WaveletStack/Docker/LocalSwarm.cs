using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Docker;

/// <summary>The swarm state of an engine, and whether this run created it.</summary>
public sealed record LocalSwarmState(string NodeId, string NodeAddress, int Managers, int Nodes, bool Created)
{
    public override string ToString() =>
        $"{(Created ? "Created a single-node swarm" : "Swarm active")}: node {NodeId} at {NodeAddress}, {Managers} manager(s), {Nodes} node(s)";
}

/// <summary>
/// Makes the local engine a swarm manager: a single-node <c>swarm init</c> when it is in no swarm,
/// nothing when it already manages one. Never leaves or changes an existing swarm.
/// </summary>
public static class LocalSwarm
{
    /// <summary>
    /// Loopback: a single-node swarm on this machine needs no outside address, and loopback never
    /// changes when a laptop's network does (a swarm advertising a vanished address breaks).
    /// </summary>
    public const string AdvertiseAddress = "127.0.0.1";

    public static async Task<LocalSwarmState> EnsureAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        var info = await client.System.GetSystemInfoAsync(cancellationToken);
        var created = false;
        switch (info.Swarm?.LocalNodeState)
        {
            case "active":
                if (!info.Swarm.ControlAvailable)
                    throw new UserErrorException("The local engine is a worker of another swarm, not a manager; " +
                        "run the build on that swarm's manager, or leave that swarm (`docker swarm leave`) to let it make its own.");
                break;
            case "inactive" or "" or null:
                await client.Swarm.InitSwarmAsync(new SwarmInitParameters
                {
                    ListenAddr = AdvertiseAddress + ":2377",
                    AdvertiseAddr = AdvertiseAddress,
                }, cancellationToken);
                created = true;
                info = await client.System.GetSystemInfoAsync(cancellationToken);
                break;
            case var state:
                throw new UserErrorException($"The local engine's swarm is '{state}' ({info.Swarm.Error}); " +
                    "see `docker info`: unlock it (`docker swarm unlock`) or wait for it to settle, then run this again.");
        }
        var swarm = info.Swarm!;
        return new LocalSwarmState(swarm.NodeID, swarm.NodeAddr, (int)swarm.Managers, (int)swarm.Nodes, created);
    }
}
