using Docker.DotNet;

namespace WaveletStack.Docker;

/// <summary>
/// How the tool reaches a swarm: the manager's engine for services and tasks, and the engine of
/// whichever host runs a given task (for exec, logs, archive). One path for the local engine
/// and for remote hosts reached over SSH, so no operation cares which it is.
/// </summary>
public interface IEngineConnection : IAsyncDisposable
{
    /// <summary>The swarm's name (`default` is the local engine).</summary>
    string Swarm { get; }

    /// <summary>True when the swarm is this machine's own engine.</summary>
    bool IsLocal { get; }

    /// <summary>The engine of the swarm's manager.</summary>
    IDockerClient Manager { get; }

    /// <summary>The engine of the swarm node (by swarm node id) that runs a task.</summary>
    Task<IDockerClient> ForSwarmNodeAsync(string swarmNodeId, CancellationToken cancellationToken);

    /// <summary>Where a user reaches the stack's published ports from here (127.0.0.1 locally).</summary>
    Task<string> PublicAddressAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the manager's kernel has IPVS (/proc/sys/net/ipv4/vs), which the ingress routing
    /// mesh needs; hosts that are containers or run minimal kernels lack it.
    /// </summary>
    Task<bool> RoutingMeshAvailableAsync(CancellationToken cancellationToken);
}
