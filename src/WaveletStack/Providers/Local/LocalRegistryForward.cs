using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Output;

namespace WaveletStack.Providers.Local;

/// <summary>
/// Lets the local provider's inner engines pull `localhost:&lt;port&gt;/…` images from the registry
/// running on this machine: the registry container joins the swarm's bridge network and each host
/// forwards its own localhost:&lt;port&gt; to it (loopback registries need no TLS). A registry that
/// does not run yet is started first (as EnsureRegistry does): the hosts learn the way only now.
/// </summary>
static class LocalRegistryForward
{
    const string Alias = "wavelet-registry";

    /// <summary>Returns `listenPort:target:port` for the hosts, or null when there is nothing to forward.</summary>
    public static async Task<string?> PrepareAsync(IDockerClient docker, string? registry, string network, string repositoryRoot,
        CancellationToken cancellationToken)
    {
        if (registry is null || Images.LocalRegistry.LocalPort(registry) is not { } port) return null;

        var server = await ServerAsync(docker, port, cancellationToken);
        if (server is null)
        {
            await Images.LocalRegistry.EnsureAsync(docker, repositoryRoot, registry, cancellationToken);
            server = await ServerAsync(docker, port, cancellationToken);
        }
        if (server is null)
        {
            Ui.Warn($"Something other than a container answers as the registry {registry}, so the local swarm's hosts cannot reach it; push images to a registry container instead.");
            return null;
        }
        var inspected = await docker.Containers.InspectContainerAsync(server.ID, cancellationToken);
        if (!inspected.NetworkSettings.Networks.ContainsKey(network))
            await docker.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters
            {
                Container = server.ID,
                EndpointConfig = new EndpointSettings { Aliases = [Alias] },
            }, cancellationToken);
        var privatePort = server.Ports!.First(p => p.PublicPort == port && p.Type == "tcp").PrivatePort;
        return $"{port}:{Alias}:{privatePort}";
    }

    static async Task<ContainerListResponse?> ServerAsync(IDockerClient docker, int port, CancellationToken cancellationToken) =>
        (await docker.Containers.ListContainersAsync(new ContainersListParameters(), cancellationToken))
            .FirstOrDefault(c => c.Ports?.Any(p => p.PublicPort == port && p.Type == "tcp") == true);

    /// <summary>Disconnects whatever else joined the swarm's network (the registry) so it can be deleted.</summary>
    public static async Task DetachAsync(IDockerClient docker, string network, CancellationToken cancellationToken)
    {
        NetworkResponse inspected;
        try { inspected = await docker.Networks.InspectNetworkAsync(network, cancellationToken); }
        catch (DockerNetworkNotFoundException) { return; }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { return; }
        foreach (var id in inspected.Containers?.Keys ?? [])
            await docker.Networks.DisconnectNetworkAsync(network, new NetworkDisconnectParameters { Container = id, Force = true }, cancellationToken);
    }
}
