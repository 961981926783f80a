using System.Text.Json.Nodes;
using WaveletStack.Output;
using WaveletStack.Providers.DigitalOcean;
using WaveletStack.Stack;
using WaveletStack.Swarm;
using WaveletStack.Tests.Configuration;
using Xunit;

namespace WaveletStack.Tests.Providers;

/// <summary>
/// The swarm's firewall, as the local STAND-IN of the DigitalOcean API holds it: open to all only
/// for SSH and the ports stacks publish; the swarm's own ports only between its droplets.
/// </summary>
[Collection(ConsoleOutputCollection.Name)]
public sealed class DigitalOceanFirewallTests : IAsyncLifetime
{
    readonly DigitalOceanFake.DigitalOceanFake fake = new();
    readonly SwarmStore store = new(Directory.CreateTempSubdirectory("wst-t13-do-").FullName);
    readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(1));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        Directory.Delete(store.Home, recursive: true);
        timeout.Dispose();
    }

    DigitalOceanHostProvider Provider() => new(new DigitalOceanClient(fake.Token, fake.BaseUrl)) { PollInterval = TimeSpan.FromMilliseconds(10) };

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

    [Fact]
    public void Deploy_OnADigitalOceanSwarm_WarnsAboutFixedPortsTheFirewallKeepsClosed()
    {
        var saved = Ui.Error;
        var errors = new StringWriter();
        Ui.Error = errors;
        try
        {
            var plan = PortPlanner.Plan(new PortRequest(1, NoRpc: true, ApiPort: 8080), new Dictionary<int, int>(), new HashSet<int>());
            DigitalOceanFirewall.WarnAboutClosedPorts(new SwarmRecord("fw1", DigitalOceanHostProvider.ProviderName), plan);
            DigitalOceanFirewall.WarnAboutClosedPorts(new SwarmRecord("lab", "ssh"), plan);

            var warning = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("swarm 'fw1' has a DigitalOcean firewall", warning);
            Assert.Contains("8080 (API (main)) stay closed from outside", warning);
            Assert.DoesNotContain($"{PortPlanner.FirstDynamicPort} (", warning);
        }
        finally { Ui.Error = saved; }
    }
}
