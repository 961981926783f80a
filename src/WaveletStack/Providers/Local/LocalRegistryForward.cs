using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Output;

namespace WaveletStack.Providers.Local;

/// <summary>
/// Lets the local provider's inner engines pull `localhost:&lt;port&gt;/…` images from the registry
/// running on this machine: the registry container joins the swarm's bridge network and each host
/// forwards its own localhost:&lt;port&gt; to it (loopback registries need no TLS).
/// </summary>
static class LocalRegistryForward
{
    const string Alias = "wavelet-registry";

    /// <summary>Returns `listenPort:target:port` for the hosts, or null when there is nothing to forward.</summary>
    public static async Task<string?> PrepareAsync(IDockerClient docker, string? registry, string network, CancellationToken cancellationToken)
    {
        if (registry is null) return null;
        var parts = registry.Split('/')[0].Split(':');
        if (parts.Length != 2 || parts[0] is not ("localhost" or "127.0.0.1") || !ushort.TryParse(parts[1], out var port)) return null;

        var running = await docker.Containers.ListContainersAsync(new ContainersListParameters(), cancellationToken);
        var server = running.FirstOrDefault(c => c.Ports?.Any(p => p.PublicPort == port && p.Type == "tcp") == true);
        if (server is null)
        {
            Ui.Warn($"No container serves the registry {registry} yet, so the local swarm's hosts cannot pull from it; start the registry before CreateSwarm.");
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
