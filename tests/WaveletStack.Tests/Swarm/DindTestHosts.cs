using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Images;
using WaveletStack.Providers.Local;
using WaveletStack.Tests.Stack;

namespace WaveletStack.Tests.Swarm;

/// <summary>
/// Docker-in-Docker hosts made outside any provider, standing for machines the user already has
/// (ssh provider) or droplets (the DigitalOcean fake); on a test network, removed by label.
/// </summary>
public sealed class DindTestHosts : IAsyncDisposable
{
    const string TestLabel = "org.wavelet-stack.test";
    readonly string id = $"wst-swarm-{Guid.NewGuid().ToString("N")[..6]}";
    readonly DockerClientHolder docker = new();
    string? image;

    public string Network => id;

    public async Task<string> StartAsync(string hostName, string authorizedKeys, CancellationToken cancellationToken)
    {
        image ??= await PrepareAsync(cancellationToken);
        var (_, address) = await DindHost.StartAsync(docker.Client, new DindHost($"{id}-{hostName}", hostName, image, Network, authorizedKeys, null,
            new Dictionary<string, string> { [TestLabel] = id }), cancellationToken);
        return address;
    }

    public async Task RemoveAsync(IEnumerable<string> hostNames, CancellationToken cancellationToken)
    {
        foreach (var name in hostNames)
            await docker.Client.Containers.RemoveContainerAsync($"{id}-{name}", new ContainerRemoveParameters { Force = true }, cancellationToken);
    }

    async Task<string> PrepareAsync(CancellationToken cancellationToken)
    {
        var baseImage = await BaseImage.EnsureAsync(docker.Client, cancellationToken);
        var built = await LocalHostImage.EnsureAsync(docker.Client, Repository.Root, baseImage, cancellationToken);
        await docker.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = Network, Driver = "bridge", Labels = new Dictionary<string, string> { [TestLabel] = id },
        }, cancellationToken);
        return built;
    }

    public async ValueTask DisposeAsync()
    {
        var containers = await docker.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{TestLabel}={id}"] = true } },
        });
        foreach (var container in containers)
            await docker.Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        if (image is not null) await docker.Client.Networks.DeleteNetworkAsync(Network);
        docker.Dispose();
    }

    sealed class DockerClientHolder : IDisposable
    {
        public global::Docker.DotNet.DockerClient Client { get; } = LocalEngine.Connect();
        public void Dispose() => Client.Dispose();
    }
}
