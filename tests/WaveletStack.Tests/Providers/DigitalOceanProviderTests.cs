using System.Text.Json.Nodes;
using WaveletStack.Providers;
using WaveletStack.Providers.DigitalOcean;
using WaveletStack.Stack;
using WaveletStack.Swarm;
using Xunit;
using WaveletStack.Provisioning;

namespace WaveletStack.Tests.Providers;

/// <summary>
/// The digitalocean provider against the local STAND-IN of the API: its droplets are records here
/// (never contacted), so these tests cover what the provider asks of the API, not SSH.
/// </summary>
public sealed class DigitalOceanProviderTests : IAsyncLifetime
{
    readonly DigitalOceanFake.DigitalOceanFake fake = new();
    readonly SwarmStore store = new(Directory.CreateTempSubdirectory("wst-swarm-do-").FullName);
    readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(1));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        Directory.Delete(store.Home, recursive: true);
        timeout.Dispose();
    }

    DigitalOceanHostProvider Provider(Func<string, string?>? prompt = null) =>
        new(new DigitalOceanClient(fake.Token, fake.BaseUrl), prompt) { PollInterval = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task CreateThenExpandThenDelete_MakesTaggedDropletsOneFirewallAndKeyThenRemovesThemAll()
    {
        var state = store.Create(new SwarmRecord("do1", DigitalOceanHostProvider.ProviderName));
        var request = new HostRequest("do1", 2) { Size = "s-2vcpu-4gb", Region = "fra1" };
        var create = Provider();
        await create.PrepareAsync(request, ["do1-1", "do1-2"], timeout.Token);
        await create.CreateHostsAsync(state, request, ["do1-1", "do1-2"], timeout.Token);
        await create.AllowSwarmTrafficAsync(state, timeout.Token);

        var expand = Provider();
        await expand.PrepareAsync(request with { Count = 1, Region = "lon1" }, ["do1-3"], timeout.Token);
        await expand.CreateHostsAsync(state, request, ["do1-3"], timeout.Token);
        await expand.AllowSwarmTrafficAsync(state, timeout.Token);

        Assert.Equal(["do1-1", "do1-2", "do1-3"], state.Record.Hosts.Select(h => h.Name));
        Assert.All(state.Record.Hosts, h => Assert.StartsWith("203.0.113.", h.Address));
        Assert.Equal(1, fake.FirewallCount);
        Assert.Equal(1, fake.SshKeyCount);

        await Provider().DeleteAsync(state, timeout.Token);

        Assert.Empty(fake.DropletNames);
        Assert.Equal(0, fake.FirewallCount);
        Assert.Equal(0, fake.SshKeyCount);
        Assert.Contains("DELETE /v2/droplets?tag_name=wavelet-stack-do1", fake.Requests);
    }

    [Fact]
    public async Task Prepare_WithAnUnknownSize_ListsTheValidSizes()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            Provider().PrepareAsync(new HostRequest("do2", 1) { Size = "s-99vcpu" }, ["do2-1"], timeout.Token));

        Assert.Contains("--size s-99vcpu", error.Message);
        Assert.Contains("s-1vcpu-1gb, s-1vcpu-2gb", error.Message);
    }

    [Fact]
    public async Task Prepare_WithAnUnknownRegion_ListsTheValidRegions()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            Provider().PrepareAsync(new HostRequest("do2", 1) { Region = "mars1" }, ["do2-1"], timeout.Token));

        Assert.Contains("ams3, blr1, fra1", error.Message);
    }

    [Fact]
    public async Task Prepare_WithSizeAskAndNoTerminal_FailsAskingForAValue()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            Provider(prompt: null).PrepareAsync(new HostRequest("do2", 1) { Size = "ask" }, ["do2-1"], timeout.Token));

        Assert.Contains("--size ask needs a terminal", error.Message);
    }

    [Fact]
    public async Task Prepare_WithRegionAndSizeAsk_TakesTheNumbersAnsweredAtTheTerminal()
    {
        var answers = new Queue<string>(["2", "1"]);
        var provider = Provider(prompt: _ => answers.Dequeue());
        var state = store.Create(new SwarmRecord("do3", DigitalOceanHostProvider.ProviderName));
        var request = new HostRequest("do3", 1) { Size = "ask", Region = "ask" };

        await provider.PrepareAsync(request, ["do3-1"], timeout.Token);
        await provider.CreateHostsAsync(state, request, ["do3-1"], timeout.Token);

        Assert.Equal("blr1", state.Record.Resources["region"]);
        Assert.Equal("s-1vcpu-1gb", state.Record.Resources["size"]);
    }

    [Fact]
    public async Task CreateSwarm_WithAnInvalidToken_FailsCleanlyAndLeavesNothing()
    {
        var provisioner = new SwarmProvisioner(store, (_, _) =>
            new DigitalOceanHostProvider(new DigitalOceanClient("wrong", fake.BaseUrl)));

        var error = await Assert.ThrowsAsync<DigitalOceanApiException>(() =>
            provisioner.CreateAsync(DigitalOceanHostProvider.ProviderName, new HostRequest("do4", 2), timeout.Token));

        Assert.Contains("refused the API token", error.Message);
        Assert.False(store.Exists("do4"));
        Assert.Empty(fake.DropletNames);
    }

    [Fact]
    public void Client_WithoutAnyToken_AsksForOne()
    {
        var error = Assert.Throws<UserErrorException>(() =>
            DigitalOceanClient.FromRequest(new HostRequest("do5", 1), new Dictionary<string, string?>()));

        Assert.Contains("DIGITALOCEAN_TOKEN", error.Message);
    }

    static List<(string Protocol, string Ports, string From)> Inbound(JsonObject firewall) =>
        firewall["inbound_rules"]!.AsArray().Select(r => ((string)r!["protocol"]!, (string)r["ports"]!,
            r["sources"]!["addresses"] is JsonArray a ? string.Join(",", a.Select(x => (string)x!)) : "tags:" + string.Join(",", r["sources"]!["tags"]!.AsArray().Select(x => (string)x!))))
            .ToList();

    static readonly List<(string, string, string)> Expected =
    [
        ("tcp", "22", "0.0.0.0/0,::/0"),
        ("tcp", "2377", "tags:wavelet-stack-fw1"), ("tcp", "7946", "tags:wavelet-stack-fw1"),
        ("udp", "7946", "tags:wavelet-stack-fw1"), ("udp", "4789", "tags:wavelet-stack-fw1"),
        ("tcp", "443", "0.0.0.0/0,::/0"),
        ("tcp", $"{PortPlanner.FirstDynamicPort}-{PortPlanner.LastDynamicPort}", "0.0.0.0/0,::/0"),
    ];

    [Fact]
    public async Task Firewall_OpensOnlySshAndPublishedPortsToAll_AndSwarmPortsToTheSwarmsDroplets()
    {
        var state = store.Create(new SwarmRecord("fw1", DigitalOceanHostProvider.ProviderName));

        await Provider().AllowSwarmTrafficAsync(state, timeout.Token);

        Assert.Equal(Expected, Inbound(fake.Firewalls.Single()));
    }

    [Fact]
    public async Task Firewall_MadeByAnOlderVersionWideOpen_IsNarrowedOnTheNextExpand()
    {
        var state = store.Create(new SwarmRecord("fw1", DigitalOceanHostProvider.ProviderName));
        var everywhere = new DoFirewallSources(Addresses: ["0.0.0.0/0", "::/0"]);
        var old = await new DigitalOceanClient(fake.Token, fake.BaseUrl).CreateFirewallAsync(new DoFirewall(null, "wavelet-stack-fw1",
            [new("tcp", "22", everywhere), new("tcp", "3000-7945", everywhere), new("tcp", "7947-65535", everywhere)],
            [new("tcp", "all", everywhere)], ["wavelet-stack-fw1"]), timeout.Token);
        state.SetResource("firewallId", old.Id!);

        await Provider().AllowSwarmTrafficAsync(state, timeout.Token);

        Assert.Equal(old.Id, (string)fake.Firewalls.Single()["id"]!);
        Assert.Equal(Expected, Inbound(fake.Firewalls.Single()));
    }
}
