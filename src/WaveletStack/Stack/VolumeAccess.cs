using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>
/// A stack's node volumes on one host while no node runs: one container, created and never started,
/// mounts them all at /v/&lt;volume&gt;; the engine's archive API reads and writes a created container's
/// volumes as it does a running one's. Removing a database first needs a process, so a short
/// container runs `rm` there. Both use the node image (present wherever a node ran; pulled otherwise)
/// and carry the stack's labels and `com.wavelet-stack.volume-helper`, so one a crash left behind is found.
/// </summary>
public sealed class VolumeAccess : IAsyncDisposable
{
    readonly IDockerClient host;
    readonly string id;

    VolumeAccess(IDockerClient host, string id) { this.host = host; this.id = id; }

    public static async Task<VolumeAccess> OpenAsync(IDockerClient host, string stack, string image, IEnumerable<string> volumes,
        CancellationToken cancellationToken) =>
        new(host, await CreateAsync(host, stack, image, volumes, ["true"], cancellationToken));

    public static string PathOf(string volume) => $"/v/{volume}";

    public async Task<VolumeMarker?> ReadMarkerAsync(string volume, CancellationToken cancellationToken)
    {
        try
        {
            var response = await host.Containers.GetArchiveFromContainerAsync(id,
                new GetArchiveFromContainerParameters { Path = VolumeMarker.PathIn(PathOf(volume)) }, false, cancellationToken);
            await using var tar = response.Stream;
            return await VolumeMarker.FromTarAsync(tar, cancellationToken);
        }
        catch (DockerContainerNotFoundException) { return null; } // the engine's 404: no such file
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>The volume's database folder as a tar (entries `db/…`), copied to <paramref name="file"/>.</summary>
    public async Task SaveDatabaseAsync(string volume, string file, CancellationToken cancellationToken)
    {
        var response = await host.Containers.GetArchiveFromContainerAsync(id,
            new GetArchiveFromContainerParameters { Path = $"{PathOf(volume)}/db" }, false, cancellationToken);
        await using var tar = response.Stream;
        await using var output = File.Create(file);
        await tar.CopyToAsync(output, cancellationToken);
    }

    /// <summary>Replaces the volume's database and marker with <paramref name="databaseTar"/> and <paramref name="marker"/>.</summary>
    public static async Task ReplaceAsync(IDockerClient host, string stack, string image, string volume, string databaseTar,
        VolumeMarker marker, CancellationToken cancellationToken)
    {
        await EnsureVolumeAsync(host, stack, volume, cancellationToken);
        var path = PathOf(volume);
        // The folders stay and only their contents go: a local volume's CreatedAt is its top folder's
        // mtime, and a new one reads as "volume made anew" (FaultSuite).
        var id = await CreateAsync(host, stack, image, [volume],
            ["sh", "-c", "mkdir -p \"$1/db\" \"$1/$2\" && find \"$1/db\" -mindepth 1 -delete && rm -f \"$1/$2/$3\"", "sh", path, VolumeMarker.Folder, VolumeMarker.FileName],
            cancellationToken);
        try
        {
            await host.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
            var exit = await host.Containers.WaitContainerAsync(id, cancellationToken);
            if (exit.StatusCode != 0) throw new UserErrorException($"Could not clear {volume} before copying a database into it (exit {exit.StatusCode}).");
            await using (var tar = File.OpenRead(databaseTar))
                await host.Containers.ExtractArchiveToContainerAsync(id, new ContainerPathStatParameters { Path = path }, tar, cancellationToken);
            await using var markerTar = marker.ToTar();
            await host.Containers.ExtractArchiveToContainerAsync(id, new ContainerPathStatParameters { Path = $"{path}/{VolumeMarker.Folder}" }, markerTar, cancellationToken);
        }
        finally
        {
            await host.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    /// <summary>A volume another host never held is made with the labels the node service gives its own.</summary>
    static async Task EnsureVolumeAsync(IDockerClient host, string stack, string volume, CancellationToken cancellationToken)
    {
        try { await host.Volumes.InspectAsync(volume, cancellationToken); }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await host.Volumes.CreateAsync(new VolumesCreateParameters { Name = volume, Labels = StackNaming.Labels(stack) }, cancellationToken);
        }
    }

    static async Task<string> CreateAsync(IDockerClient host, string stack, string image, IEnumerable<string> volumes, IList<string> command,
        CancellationToken cancellationToken)
    {
        var parameters = new CreateContainerParameters
        {
            Image = image,
            Entrypoint = command,
            Labels = StackNaming.Labels(stack, new Dictionary<string, string> { ["com.wavelet-stack.volume-helper"] = "true" }),
            HostConfig = new HostConfig { Mounts = volumes.Select(v => new Mount { Type = "volume", Source = v, Target = PathOf(v) }).ToList() },
        };
        try
        {
            return (await host.Containers.CreateContainerAsync(parameters, cancellationToken)).ID;
        }
        catch (DockerImageNotFoundException)
        {
            // A host that never ran a node lacks the image: its registry has it (PushImages).
            await host.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, new Progress<JSONMessage>(), cancellationToken);
            return (await host.Containers.CreateContainerAsync(parameters, cancellationToken)).ID;
        }
    }

    public async ValueTask DisposeAsync() =>
        await host.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
}
