using System.Net.Http.Json;
using System.Text.Json;
using WaveletStack.Tests.Configuration;
using WaveletStack.Tests.Images;
using WaveletStack.Tests.Stack;
using Xunit;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Hardening;

/// <summary>
/// Private keys reach the nodes as swarm secrets: nothing `docker service inspect` or `docker
/// inspect` shows holds one, yet the nodes run with the configured wallets; a new key is a new
/// secret (the old one goes) and StopStack leaves none behind.
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed class ServiceSecretsTests(StackFixture stack, ITestOutputHelper output) : IClassFixture<StackFixture>
{
    static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    [Fact]
    public async Task ConfiguredKeys_RunTheNodes_ButNoServiceOrContainerInspectShowsThem_AndStopStackRemovesTheSecrets()
    {
        // Nodes 1–3 take the default file's keys 4–6, so a node that ignored the secret (and fell
        // back to the image's defaults) would show another public key.
        var first = TestKeys.Defaults.Skip(3).Take(3).ToList();
        await DeployHealthyAsync(first);
        await AssertNodesRunAsync(first);
        await AssertNothingInspectedHoldsAsync(first);
        Assert.Single(await StackSecretIdsAsync());

        var second = TestKeys.Defaults.Skip(6).Take(3).ToList();
        await DeployHealthyAsync(second);
        await AssertNodesRunAsync(second);
        await AssertNothingInspectedHoldsAsync([.. first, .. second]);
        Assert.Single(await StackSecretIdsAsync()); // the first keys' secret went with the update

        await stack.Lifecycle().StopAsync(removeVolumes: true, Timeout);
        Assert.Empty(await StackSecretIdsAsync());
    }

    async Task DeployHealthyAsync(IReadOnlyList<(string Private, string Public)> keys)
    {
        var setting = ("WAVELET_KEYS", string.Join(",", keys.Select(k => $"{k.Private} {k.Public}")));
        await stack.DeployAsync(Timeout, setting);
        await stack.Lifecycle(setting).WaitHealthyAsync(TimeSpan.FromMinutes(3), Timeout);
    }

    async Task AssertNodesRunAsync(IReadOnlyList<(string Private, string Public)> keys)
    {
        var ports = (await stack.ServicesAsync(Timeout))["loadbalancer"].Endpoint.Ports
            .ToDictionary(p => (int)p.TargetPort, p => (int)p.PublishedPort);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var node = 1; node <= keys.Count; node++)
        {
            var ledger = await http.GetFromJsonAsync<JsonElement>(
                $"http://127.0.0.1:{ports[WaveletStack.Stack.PortPlan.LbNodeApiBase + node - 1]}/ledger", Timeout);
            Assert.Equal(keys[node - 1].Public, ledger.GetProperty("public_key").GetString());
        }
    }

    async Task AssertNothingInspectedHoldsAsync(IEnumerable<(string Private, string Public)> keys)
    {
        var services = await DockerCli.RunAsync(Timeout, "service", "ls", "-q", "--filter", $"label=com.docker.stack.namespace={stack.Stack}");
        var containers = await DockerCli.RunAsync(Timeout, "ps", "-aq", "--filter", $"label=com.docker.stack.namespace={stack.Stack}");
        var inspected = await DockerCli.RunAsync(Timeout, ["service", "inspect", .. Words(services)])
                        + await DockerCli.RunAsync(Timeout, ["inspect", .. Words(containers)]);
        output.WriteLine($"{Words(services).Length} services and {Words(containers).Length} containers inspected ({inspected.Length} characters)");
        Assert.Contains("wavelet_keys", inspected); // the secret is mounted (by name) …
        foreach (var (privateKey, _) in keys)
            Assert.DoesNotContain(privateKey, inspected, StringComparison.OrdinalIgnoreCase); // … its value is nowhere
    }

    async Task<string[]> StackSecretIdsAsync() =>
        Words(await DockerCli.RunAsync(Timeout, "secret", "ls", "-q", "--filter", $"label=com.docker.stack.namespace={stack.Stack}"));

    static string[] Words(string text) => text.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries);
}
