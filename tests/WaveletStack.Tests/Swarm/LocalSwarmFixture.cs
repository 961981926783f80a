using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Images;
using WaveletStack.Providers;
using WaveletStack.Providers.Local;
using WaveletStack.Swarm;
using WaveletStack.Tests.Stack;
using Xunit;
using WaveletStack.Provisioning;

namespace WaveletStack.Tests.Swarm;

/// <summary>
/// One local swarm of two Docker-in-Docker hosts on the real engine, shared by the tests of a
/// class, in a state folder of its own, with a registry of its own on a free loopback port that
/// the hosts pull from and the stack's images pushed there; everything (hosts, network, state,
/// registry and its volume, the images' registry tags) removed at the end.
/// </summary>
public sealed class LocalSwarmFixture : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);

    public string Name { get; } = $"wst-swarm-{Guid.NewGuid().ToString("N")[..6]}";
    public string Home { get; } = Directory.CreateTempSubdirectory("wst-swarm-home-").FullName;
    public SwarmStore Store => new(Home);
    public TimeSpan CreationTime { get; private set; }
    public ImageNames Images { get; } = new($"localhost:{FreePort()}", ImageNames.SimulatorTag);
    public CancellationToken Token => timeout.Token;

    readonly CancellationTokenSource timeout = new(Deadline);

    public HostRequest Request(int count) => Request(Name, count) with { Registry = Images.Registry };

    public static HostRequest Request(string swarm, int count) => new(swarm, count) { RepositoryRoot = Repository.Root };

    public async Task InitializeAsync()
    {
        using var docker = LocalEngine.Connect();
        // The registry first: the hosts are told at creation how to reach it.
        await LocalRegistry.EnsureAsync(docker, Repository.Root, Images.Registry, Token);
        var clock = Stopwatch.StartNew();
        var swarm = Task.Run(async () =>
        {
            await new SwarmProvisioner(Store).CreateAsync(LocalHostProvider.ProviderName, Request(2), Token);
            CreationTime = clock.Elapsed;
        });
        await Task.WhenAll(swarm, PushImagesAsync(docker));
        Console.WriteLine($"[figure] local swarm of 2 created in {CreationTime.TotalSeconds:0.0} s (images pushed meanwhile; {clock.Elapsed.TotalSeconds:0.0} s in all)");
    }

    async Task PushImagesAsync(global::Docker.DotNet.IDockerClient docker)
    {
        await StackImages.BuildAsync(docker, Repository.Root, Images, Token);
        await ImagePusher.PushAsync(docker, Images, Token);
    }

    public async Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("WST_KEEP") == "1") return;
        try
        {
            if (Store.Exists(Name))
                await new SwarmDestroyer(Store).DestroyAsync(Request(Name, 1), force: true, askName: null, CancellationToken.None);
        }
        finally
        {
            // Whatever destroy could not remove (a failed create) goes by label too.
            await new LocalHostProvider().DeleteAsync(StateFor(Name), CancellationToken.None);
            Directory.Delete(Home, recursive: true);
            using var docker = LocalEngine.Connect();
            await LocalRegistry.RemoveAsync(docker, LocalRegistry.LocalPort(Images.Registry)!.Value, CancellationToken.None);
            foreach (var image in Images.All)
                try { await docker.Images.DeleteImageAsync(image, new ImageDeleteParameters(), CancellationToken.None); }
                catch (global::Docker.DotNet.DockerImageNotFoundException) { }
            timeout.Dispose();
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    SwarmState StateFor(string swarm) => Store.Exists(swarm) ? Store.Load(swarm) : new SwarmStore(Home).Create(new SwarmRecord(swarm, "local"));
}
