using Xunit;
using Docker.DotNet;
using WaveletStack.Images;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Node;

namespace WaveletStack.Tests.Node;

/// <summary>
/// Plain containers from the project's base image on the real local engine, for node operations
/// that need no stack (exec, archive, attach). Named and labelled uniquely, removed on dispose.
/// </summary>
public sealed class ContainerFixture : IAsyncLifetime
{
    public const string Label = "org.wavelet-stack.test";

    /// <summary>
    /// The project's base image, whichever BaseImage chose (a pulled debian:bookworm where a
    /// registry answers, else the one made with debootstrap); WST_TEST_BASE_IMAGE overrides it.
    /// </summary>
    public string Image { get; private set; } = "";

    readonly List<string> created = [];
    public DockerClient Engine { get; } = LocalEngine.Connect();

    public async Task<NodeContainer> StartAsync(string nodeId, IList<string> command, bool openStdin = false, bool tty = false)
    {
        var name = $"wst-node-{Guid.NewGuid():N}"[..24];
        var container = await Engine.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = Image,
            Cmd = command,
            OpenStdin = openStdin,
            Tty = tty,
            Labels = new Dictionary<string, string> { [Label] = "node" },
        });
        created.Add(container.ID);
        await Engine.Containers.StartContainerAsync(container.ID, new ContainerStartParameters());
        return new NodeContainer("wst-node-test", NodeId.Parse(nodeId), Engine, container.ID);
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        Image = Environment.GetEnvironmentVariable("WST_TEST_BASE_IMAGE") is { Length: > 0 } image
            ? image : (await BaseImage.EnsureAsync(Engine, timeout.Token)).Name;
    }

    public async Task DisposeAsync()
    {
        foreach (var id in created)
            await Engine.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
        Engine.Dispose();
    }
}
