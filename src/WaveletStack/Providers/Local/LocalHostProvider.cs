using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Swarm;

namespace WaveletStack.Providers.Local;

/// <summary>
/// Hosts that are Docker-in-Docker containers on this machine, on a bridge network of their own,
/// reached over SSH exactly like cloud hosts (for laptops and tests); see <see cref="DindHost"/>.
/// </summary>
public sealed class LocalHostProvider(Func<IDockerClient> connect) : IHostProvider
{
    public const string ProviderName = "local";
    public const string SwarmLabel = "org.wavelet-stack.swarm";
    const string NetworkResource = "network";

    public LocalHostProvider() : this(() => LocalEngine.Connect()) { }

    public string Name => ProviderName;

    public static string NetworkName(string swarm) => $"wavelet-swarm-{swarm}";
    public static string ContainerName(string host) => $"wavelet-swarm-{host}";

    public Task PrepareAsync(HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (request.RepositoryRoot is null) throw new UserErrorException("The local provider needs the repository's nodes/ folder; run it through ./build.sh.");
        Ui.Info($"Will make {string.Join(", ", names)}: Docker-in-Docker host(s) on this machine's engine (no cost).");
        return Task.CompletedTask;
    }

    public async Task CreateHostsAsync(SwarmState state, HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        using var docker = connect();
        var baseImage = await Images.BaseImage.EnsureAsync(docker, cancellationToken);
        var image = await LocalHostImage.EnsureAsync(docker, request.RepositoryRoot!, baseImage, cancellationToken);
        var network = await EnsureNetworkAsync(docker, state, cancellationToken);
        var registryForward = await LocalRegistryForward.PrepareAsync(docker, request.Registry, network, request.RepositoryRoot!, cancellationToken);

        await Task.WhenAll(names.Select(async name =>
        {
            var (id, address) = await DindHost.StartAsync(docker, new DindHost(ContainerName(name), name, image, network, state.PublicKey,
                registryForward, new Dictionary<string, string> { [SwarmLabel] = state.Name }), cancellationToken);
            state.AddHost(new SwarmHost(name, address) { ProviderId = id[..12] });
        }));
    }

    public Task<bool> AllowSwarmTrafficAsync(SwarmState state, CancellationToken cancellationToken) => Task.FromResult(false);

    public IReadOnlyList<string> DescribeResources(SwarmState state) =>
    [
        .. state.Record.Hosts.Select(h => $"container {ContainerName(h.Name)} ({h.Address}) with its inner engine and everything on it"),
        $"network {NetworkName(state.Name)}",
    ];

    public async Task DeleteAsync(SwarmState state, CancellationToken cancellationToken)
    {
        using var docker = connect();
        // By label, so hosts made before a failure was recorded are removed too.
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SwarmLabel}={state.Name}"] = true } },
        }, cancellationToken);
        await Task.WhenAll(containers.Select(c => docker.Containers.RemoveContainerAsync(c.ID,
            new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken)));
        await LocalRegistryForward.DetachAsync(docker, NetworkName(state.Name), cancellationToken);
        try { await docker.Networks.DeleteNetworkAsync(NetworkName(state.Name), cancellationToken); }
        catch (DockerNetworkNotFoundException) { }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
    }

    async Task<string> EnsureNetworkAsync(IDockerClient docker, SwarmState state, CancellationToken cancellationToken)
    {
        var name = NetworkName(state.Name);
        var existing = await docker.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        }, cancellationToken);
        if (!existing.Any(n => n.Name == name))
            await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "bridge",
                Labels = new Dictionary<string, string> { [SwarmLabel] = state.Name },
            }, cancellationToken);
        state.SetResource(NetworkResource, name);
        return name;
    }
}
