using WaveletStack.Docker;
using WaveletStack.Providers;
using WaveletStack.Providers.DigitalOcean;
using WaveletStack.Providers.Ssh;
using WaveletStack.Swarm;
using Xunit;
using WaveletStack.Output;
using WaveletStack.Provisioning;

namespace WaveletStack.Tests.Swarm;

/// <summary>
/// The ssh and digitalocean providers end to end on the real engine: the "machines" are local
/// Docker-in-Docker hosts (the DigitalOcean API is the local STAND-IN, whose droplets are such hosts).
/// </summary>
public sealed class ExternalHostsSwarmTests : IAsyncLifetime
{
    readonly SwarmStore store = new(Directory.CreateTempSubdirectory("wst-swarm-ext-").FullName);
    readonly DindTestHosts machines = new();
    readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(6));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await machines.DisposeAsync();
        Directory.Delete(store.Home, recursive: true);
        timeout.Dispose();
    }

    [Fact]
    public async Task CreateSwarm_OnYourOwnHostsOverSsh_FormsAReadySwarmAndDestroyLeavesTheMachines()
    {
        var userKey = SshKeyPair.Generate("user@laptop");
        var keyFile = Path.Combine(store.Home, "user_key");
        PrivateFiles.Write(keyFile, userKey.PrivateKeyOpenSsh);
        var a = await machines.StartAsync("own-a", userKey.PublicKeyLine, timeout.Token);
        var b = await machines.StartAsync("own-b", userKey.PublicKeyLine, timeout.Token);
        var request = new HostRequest("own", 2) { Hosts = [$"root@{a}", $"root@{b}"], Identity = keyFile };

        await new SwarmProvisioner(store).CreateAsync(SshHostProvider.ProviderName, request, timeout.Token);

        await using (var engines = await EngineConnections.ForSwarmAsync("own", store, timeout.Token))
        {
            var table = (await SwarmReports.NodesAsync(engines.Manager, timeout.Token)).ToString();
            Assert.Matches(@"own-a\s+Ready\s+Active\s+Leader", table);
            Assert.Matches(@"own-b\s+Ready\s+Active", table);
        }
        var swarmKey = store.Load("own").Key();

        await new SwarmDestroyer(store).DestroyAsync(request, force: true, askName: null, timeout.Token);

        Assert.False(store.Exists("own"));
        // The machine stays, out of the swarm, and no longer takes the swarm's key.
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            SshSession.ConnectAsync(SshEndpoint.Parse($"root@{a}"), [swarmKey], SshKnownHosts.InMemory(), timeout.Token));
        Assert.Contains("refused the SSH key", error.Message);
        using var session = await SshSession.ConnectAsync(SshEndpoint.Parse($"root@{a}"), SshUserKeys.Load(keyFile), SshKnownHosts.InMemory(), timeout.Token);
        Assert.Equal("inactive", (await session.RunAsync("docker info --format '{{.Swarm.LocalNodeState}}'", timeout.Token)).Trim());
    }

    [Fact]
    public async Task CreateSwarm_OnTheDigitalOceanFake_CreatesExpandsAndDestroysDropletsByTag()
    {
        await using var fake = new DigitalOceanFake.DigitalOceanFake
        {
            DropletStarter = (name, keys, ct) => machines.StartAsync(name, string.Join("\n", keys), ct),
            DropletRemover = machines.RemoveAsync,
        };
        IHostProvider Provider(string _, HostRequest __) =>
            new DigitalOceanHostProvider(new DigitalOceanClient(fake.Token, fake.BaseUrl)) { PollInterval = TimeSpan.FromMilliseconds(20) };
        var request = new HostRequest("ocean", 2) { Size = "s-1vcpu-2gb", Region = "ams3" };

        await new SwarmProvisioner(store, Provider).CreateAsync(DigitalOceanHostProvider.ProviderName, request, timeout.Token);
        await new SwarmProvisioner(store, Provider).ExpandAsync(request with { Count = 1, Region = "fra1" }, timeout.Token);

        await using (var engines = await EngineConnections.ForSwarmAsync("ocean", store, timeout.Token))
        {
            var table = (await SwarmReports.NodesAsync(engines.Manager, timeout.Token)).ToString();
            Assert.Matches(@"ocean-1\s+Ready\s+Active\s+Leader", table);
            Assert.Matches(@"ocean-3\s+Ready\s+Active", table);
        }
        Assert.Equal(["ocean-1", "ocean-2", "ocean-3"], fake.DropletNames.Order());
        Assert.Equal(1, fake.FirewallCount);

        await new SwarmDestroyer(store, Provider).DestroyAsync(request, force: true, askName: null, timeout.Token);

        Assert.Empty(fake.DropletNames);
        Assert.Equal(0, fake.FirewallCount);
        Assert.Equal(0, fake.SshKeyCount);
        Assert.False(store.Exists("ocean"));
    }
}
