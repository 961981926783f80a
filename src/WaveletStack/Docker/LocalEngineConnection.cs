using Docker.DotNet;

namespace WaveletStack.Docker;

/// <summary>The local engine as a one-host swarm: every task runs on the engine we talk to.</summary>
public sealed class LocalEngineConnection(DockerClient client) : IEngineConnection
{
    public const string SwarmName = "default";

    public static LocalEngineConnection Open() => new(LocalEngine.Connect());

    public string Swarm => SwarmName;
    public bool IsLocal => true;
    public IDockerClient Manager => client;

    public Task<IDockerClient> ForSwarmNodeAsync(string swarmNodeId, CancellationToken cancellationToken) =>
        Task.FromResult<IDockerClient>(client);

    public Task<string> PublicAddressAsync(CancellationToken cancellationToken) => Task.FromResult("127.0.0.1");

    public async Task<string> ContainerReachableAddressAsync(CancellationToken cancellationToken)
    {
        // docker_gwbridge exists once the engine is in a swarm; its gateway is this host as seen
        // from every swarm container, and host-mode published ports listen on it.
        var network = await client.Networks.InspectNetworkAsync("docker_gwbridge", cancellationToken);
        var gateway = network.IPAM?.Config?.Select(c => c.Gateway).FirstOrDefault(g => !string.IsNullOrEmpty(g));
        return gateway ?? throw new UserErrorException(
            "The local engine has no docker_gwbridge gateway; run `./build.sh EnsureSwarm` to make it a swarm.");
    }

    public Task<bool> RoutingMeshAvailableAsync(CancellationToken cancellationToken) =>
        Task.FromResult(PublishModeDetector.LocalRoutingMeshAvailable());

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
