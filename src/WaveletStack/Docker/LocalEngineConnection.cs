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

    public Task<bool> RoutingMeshAvailableAsync(CancellationToken cancellationToken) =>
        Task.FromResult(PublishModeDetector.LocalRoutingMeshAvailable());

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
