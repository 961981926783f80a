using System.Diagnostics;
using WaveletStack.Providers;
using WaveletStack.Providers.Local;
using WaveletStack.Swarm;
using WaveletStack.Tests.Stack;
using Xunit;

namespace WaveletStack.Tests.Swarm;

/// <summary>
/// One local swarm of two Docker-in-Docker hosts on the real engine, shared by the tests of a
/// class, in a state folder of its own; destroyed (containers, network, state) at the end.
/// </summary>
public sealed class LocalSwarmFixture : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);

    public string Name { get; } = $"wst-swarm-{Guid.NewGuid().ToString("N")[..6]}";
    public string Home { get; } = Directory.CreateTempSubdirectory("wst-swarm-home-").FullName;
    public SwarmStore Store => new(Home);
    public TimeSpan CreationTime { get; private set; }
    public CancellationToken Token => timeout.Token;

    readonly CancellationTokenSource timeout = new(Deadline);

    public static HostRequest Request(string swarm, int count) => new(swarm, count) { RepositoryRoot = Repository.Root };

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        await new SwarmProvisioner(Store).CreateAsync(LocalHostProvider.ProviderName, Request(Name, 2), Token);
        CreationTime = clock.Elapsed;
        Console.WriteLine($"[figure] local swarm of 2 created in {CreationTime.TotalSeconds:0.0} s");
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
            timeout.Dispose();
        }
    }

    SwarmState StateFor(string swarm) => Store.Exists(swarm) ? Store.Load(swarm) : new SwarmStore(Home).Create(new SwarmRecord(swarm, "local"));
}
