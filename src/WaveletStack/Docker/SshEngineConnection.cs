using System.Collections.Concurrent;
using Docker.DotNet;

namespace WaveletStack.Docker;

/// <summary>A host of a remote swarm as the engine connection needs it: its name, how to log in, its swarm address.</summary>
public sealed record SshSwarmHost(string Name, SshEndpoint Endpoint, string SwarmAddress);

/// <summary>
/// A remote swarm reached over SSH: the manager's engine through a tunnel to its unix socket,
/// and the engine of any other host opened on demand the same way.
/// </summary>
public sealed class SshEngineConnection : IEngineConnection
{
    readonly IReadOnlyList<SshSwarmHost> hosts;
    readonly Func<SshEndpoint, CancellationToken, Task<SshSession>> connect;
    readonly ConcurrentDictionary<string, Lazy<Task<(SshDockerTunnel Tunnel, DockerClient Client)>>> engines = new();
    readonly (SshDockerTunnel Tunnel, DockerClient Client) manager;

    SshEngineConnection(string swarm, IReadOnlyList<SshSwarmHost> hosts,
        Func<SshEndpoint, CancellationToken, Task<SshSession>> connect, (SshDockerTunnel, DockerClient) manager)
    {
        Swarm = swarm;
        this.hosts = hosts;
        this.connect = connect;
        this.manager = manager;
        engines[hosts[0].Name] = new(Task.FromResult(manager));
    }

    /// <summary>Opens the manager's engine (the first host) at once, so a wrong key or host fails here.</summary>
    public static async Task<SshEngineConnection> OpenAsync(string swarm, IReadOnlyList<SshSwarmHost> hosts,
        Func<SshEndpoint, CancellationToken, Task<SshSession>> connect, CancellationToken cancellationToken)
    {
        if (hosts.Count == 0) throw new UserErrorException($"Swarm '{swarm}' has no hosts recorded; import it again with `ImportSwarm --ip <host address>`.");
        var manager = await OpenEngineAsync(hosts[0], connect, cancellationToken);
        return new SshEngineConnection(swarm, hosts, connect, manager);
    }

    public string Swarm { get; }
    public bool IsLocal => false;
    public IDockerClient Manager => manager.Client;

    /// <summary>The engine of a host of the swarm, by its hostname.</summary>
    public async Task<IDockerClient> ForHostAsync(string hostname, CancellationToken cancellationToken)
    {
        var host = hosts.FirstOrDefault(h => h.Name == hostname) ?? throw new UserErrorException(
            $"Host '{hostname}' is in swarm '{Swarm}' but not in its local record; run `ImportSwarm --ip {hosts[0].Endpoint.Address}` to refresh it.");
        var lazy = engines.GetOrAdd(host.Name, _ => new(() => OpenEngineAsync(host, connect, CancellationToken.None)));
        try
        {
            return (await lazy.Value.WaitAsync(cancellationToken)).Client;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            engines.TryRemove(host.Name, out _); // a failed host may come back; try afresh next time
            throw;
        }
    }

    public async Task<IDockerClient> ForSwarmNodeAsync(string swarmNodeId, CancellationToken cancellationToken)
    {
        if (!hostOfNode.TryGetValue(swarmNodeId, out var host))
        {
            // By address first: hosts brought by the user (ssh provider) keep their own hostnames.
            var node = await Manager.Swarm.InspectNodeAsync(swarmNodeId, cancellationToken);
            host = hostOfNode[swarmNodeId] = hosts.FirstOrDefault(h => h.SwarmAddress == node.Status?.Addr)?.Name ?? node.Description.Hostname;
        }
        return await ForHostAsync(host, cancellationToken);
    }

    // A swarm node keeps its host for life (a rejoined host gets a new node id): looked up once per connection.
    readonly ConcurrentDictionary<string, string> hostOfNode = new();

    public Task<string> PublicAddressAsync(CancellationToken cancellationToken) => Task.FromResult(hosts[0].Endpoint.Address);

    public async Task<bool> RoutingMeshAvailableAsync(CancellationToken cancellationToken)
    {
        using var session = await connect(hosts[0].Endpoint, cancellationToken);
        var answer = await session.RunAsync($"if [ -d {PublishModeDetector.IpvsPath} ]; then echo yes; else echo no; fi", cancellationToken);
        return answer.Trim() == "yes";
    }

    static async Task<(SshDockerTunnel, DockerClient)> OpenEngineAsync(SshSwarmHost host,
        Func<SshEndpoint, CancellationToken, Task<SshSession>> connect, CancellationToken cancellationToken)
    {
        var tunnel = await SshDockerTunnel.OpenAsync(ct => connect(host.Endpoint, ct), cancellationToken);
        var client = new DockerClientConfiguration(tunnel.Endpoint, defaultTimeout: TimeSpan.FromMinutes(10)).CreateClient();
        return (tunnel, client);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in engines.Values)
        {
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully) continue;
            var (tunnel, client) = lazy.Value.Result;
            client.Dispose();
            await tunnel.DisposeAsync();
        }
    }
}
