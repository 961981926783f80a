using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Providers.Local;

/// <summary>
/// One Docker-in-Docker host container from nodes/wavelet-stack-host, with sshd accepting
/// <see cref="AuthorizedKeys"/>. Runs without --privileged (it fails on this kernel): all
/// capabilities but SYS_RESOURCE, unconfined seccomp/apparmor/system paths, the host's cgroup
/// namespace, and the inner engine's data in a tmpfs.
/// </summary>
public sealed record DindHost(string ContainerName, string HostName, string Image, string Network, string AuthorizedKeys,
    string? RegistryForward, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Creates and starts the host; returns its container id and its address on <see cref="Network"/>.</summary>
    public static async Task<(string Id, string Address)> StartAsync(IDockerClient docker, DindHost host, CancellationToken cancellationToken)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = host.ContainerName,
            Hostname = host.HostName,
            Image = host.Image,
            Labels = host.Labels.ToDictionary(),
            Env = [$"WAVELET_AUTHORIZED_KEY={host.AuthorizedKeys}", .. host.RegistryForward is null ? Array.Empty<string>() : [$"WAVELET_REGISTRY_FORWARD={host.RegistryForward}"]],
            HostConfig = new HostConfig
            {
                CapAdd = ["ALL"],
                CapDrop = ["SYS_RESOURCE"],
                SecurityOpt = ["seccomp=unconfined", "apparmor=unconfined"],
                // `--security-opt systempaths=unconfined` is, in the API, empty masked and read-only paths.
                MaskedPaths = [],
                ReadonlyPaths = [],
                CgroupnsMode = "host",
                Binds = ["/sys/fs/cgroup:/sys/fs/cgroup:rw"],
                Tmpfs = new Dictionary<string, string> { ["/var/lib/docker"] = "exec" },
                NetworkMode = host.Network,
            },
        }, cancellationToken);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        var inspected = await docker.Containers.InspectContainerAsync(created.ID, cancellationToken);
        return (created.ID, inspected.NetworkSettings.Networks[host.Network].IPAddress);
    }
}
