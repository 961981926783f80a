using WaveletStack.Output;
using WaveletStack.Providers.DigitalOcean;
using WaveletStack.Stack;
using WaveletStack.Swarm;
using WaveletStack.Tests.Configuration;
using Xunit;

namespace WaveletStack.Tests.Providers;

/// <summary>
/// A stack's fixed published port that a DigitalOcean swarm's firewall keeps closed is warned
/// about (the firewall's rules themselves: DigitalOceanProviderTests, against the API's stand-in).
/// </summary>
[Collection(ConsoleOutputCollection.Name)]
public sealed class DigitalOceanFirewallTests
{
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
