using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet.Models;
using WaveletStack.Images;
using Xunit;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Images;

[Collection(ImagesCollection.Name)]
public sealed class PushImagesTests(ImagesFixture fixture, ITestOutputHelper output)
{
    static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token;

    [Fact]
    public async Task EnsureRegistry_ThenPushImages_LeavesEveryImageInTheLocalRegistry()
    {
        var port = FreePort();
        var names = new ImageNames($"localhost:{port}", ImageNames.SimulatorTag);
        try
        {
            await LocalRegistry.EnsureAsync(fixture.Docker, fixture.Root, names.Registry, Timeout);
            Assert.True(await LocalRegistry.AnswersAsync(port, Timeout));
            var container = await fixture.Docker.Containers.InspectContainerAsync(LocalRegistry.ContainerName(port), Timeout);
            Assert.Equal(RestartPolicyKind.UnlessStopped, container.HostConfig.RestartPolicy.Name);
            Assert.Equal("127.0.0.1", Assert.Single(container.HostConfig.PortBindings["5000/tcp"]).HostIP);

            // A second EnsureRegistry finds it answering and starts nothing.
            await LocalRegistry.EnsureAsync(fixture.Docker, fixture.Root, names.Registry, Timeout);

            foreach (var (from, to) in ImagesFixture.Names.All.Zip(names.All))
                await Tag(from, to);
            var started = DateTime.UtcNow;
            await ImagePusher.PushAsync(fixture.Docker, names, Timeout);
            output.WriteLine($"pushed {names.ToPush.Count} images to a fresh local registry in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");

            using var http = new HttpClient();
            foreach (var image in names.ToPush)
            {
                var (repository, tag) = EngineImages.SplitTag(image);
                var path = repository[(names.Registry.Length + 1)..];
                var tags = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/v2/{path}/tags/list", Timeout));
                Assert.Contains(tag, tags.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            }
        }
        finally
        {
            await Untag(names);
            await LocalRegistry.RemoveAsync(fixture.Docker, port, CancellationToken.None);
        }
    }

    [Fact]
    public async Task PushImages_ToARegistryThatDoesNotAnswer_NamesTheRegistryAndWhatToDo()
    {
        var port = FreePort();
        var names = new ImageNames($"localhost:{port}", ImageNames.SimulatorTag);
        try
        {
            foreach (var (from, to) in ImagesFixture.Names.All.Zip(names.All))
                await Tag(from, to);
            var error = await Assert.ThrowsAsync<UserErrorException>(() => ImagePusher.PushAsync(fixture.Docker, names, Timeout));
            output.WriteLine(error.Message);
            Assert.Contains($"registry localhost:{port} does not answer", error.Message);
            Assert.Contains("EnsureRegistry", error.Message);
        }
        finally
        {
            await Untag(names);
        }
    }

    [Fact]
    public async Task PushImages_ToARegistryThatWantsALogin_SaysToRunDockerLogin()
    {
        var port = FreePort();
        var names = new ImageNames($"localhost:{port}", ImageNames.SimulatorTag);
        var container = $"wst-images-auth-registry-{port}";
        try
        {
            // The project's registry image with htpasswd auth switched on (it makes a password
            // file with a random password of its own): every push without a login is refused.
            await StackImages.BuildRegistryAsync(fixture.Docker, fixture.Root, Timeout);
            await fixture.Docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = container,
                Image = ImageNames.RegistryImage,
                Labels = new Dictionary<string, string> { ["org.wavelet-stack.test"] = "images" },
                Env = ["REGISTRY_AUTH=htpasswd", "REGISTRY_AUTH_HTPASSWD_REALM=wst-images-test", "REGISTRY_AUTH_HTPASSWD_PATH=/tmp/htpasswd"],
                HostConfig = new HostConfig
                {
                    PortBindings = new Dictionary<string, IList<PortBinding>>
                        { ["5000/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = port.ToString() }] },
                },
            }, Timeout);
            await fixture.Docker.Containers.StartContainerAsync(container, new ContainerStartParameters(), Timeout);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await LocalRegistry.AnswersAsync(port, Timeout))
            {
                Assert.True(DateTime.UtcNow < deadline, "the registry with auth did not answer within 30 s");
                await Task.Delay(250, Timeout);
            }
            foreach (var (from, to) in ImagesFixture.Names.All.Zip(names.All))
                await Tag(from, to);

            var error = await Assert.ThrowsAsync<UserErrorException>(() => ImagePusher.PushAsync(fixture.Docker, names, Timeout));

            output.WriteLine(error.Message);
            Assert.Contains($"localhost:{port} refused", error.Message);
            Assert.Contains($"run `docker login localhost:{port}`", error.Message);
        }
        finally
        {
            await Untag(names);
            try { await fixture.Docker.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None); }
            catch (global::Docker.DotNet.DockerContainerNotFoundException) { }
        }
    }

    [Fact]
    public async Task PushImages_WithAnImageNotBuilt_AsksForBuildImagesFirst()
    {
        var names = new ImageNames("localhost:1", "wst-images-never-built");
        var error = await Assert.ThrowsAsync<UserErrorException>(() => ImagePusher.PushAsync(fixture.Docker, names, Timeout));
        Assert.Contains("run BuildImages before PushImages", error.Message);
    }

    /// <summary>Removes the test's registry names; the fixture's images keep their own names.</summary>
    async Task Untag(ImageNames names)
    {
        foreach (var image in names.All)
            try { await fixture.Docker.Images.DeleteImageAsync(image, new ImageDeleteParameters(), CancellationToken.None); }
            catch (global::Docker.DotNet.DockerImageNotFoundException) { }
    }

    Task Tag(string from, string to)
    {
        var (repository, tag) = EngineImages.SplitTag(to);
        return fixture.Docker.Images.TagImageAsync(from, new ImageTagParameters { RepositoryName = repository, Tag = tag }, Timeout);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
