using Xunit;
using Docker.DotNet;
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

    /// <summary>The base image `./build.sh BaseImage` makes; WST_TEST_BASE_IMAGE overrides it.</summary>
    public static string Image => Environment.GetEnvironmentVariable("WST_TEST_BASE_IMAGE") is { Length: > 0 } image
        ? image : "wavelet-stack-base:bookworm";

    readonly List<string> created = [];
    public DockerClient Engine { get; } = LocalEngine.Connect();

    public async Task<NodeContainer> StartAsync(string nodeId, IList<string> command, bool openStdin = false, bool tty = false)
    {
        try
        {
            await Engine.Images.InspectImageAsync(Image);
        }
        catch (DockerImageNotFoundException e)
        {
            throw new InvalidOperationException($"Test image {Image} is missing: run `./build.sh BaseImage` (or set WST_TEST_BASE_IMAGE).", e);
        }
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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in created)
            await Engine.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
        Engine.Dispose();
    }
}
