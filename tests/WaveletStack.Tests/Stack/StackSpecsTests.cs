using Xunit;
using Docker.DotNet.Models;
using WaveletStack.Compose;
using WaveletStack.Configuration;
using WaveletStack.Stack;
using WaveletStack.Tests.Configuration;
using WaveletStack.Tests.Images;

namespace WaveletStack.Tests.Stack;

/// <summary>The real template, rendered and converted as DeployStack does it.</summary>
public class StackSpecsTests
{
    static IReadOnlyDictionary<string, ServiceSpec> Specs(PublishMode mode, params (string Key, string Value)[] settings) =>
        ServiceSpecConverter.Convert(Rendered(mode, settings), "wst-unit-demo", "network-id");

    static ComposeFile Rendered(PublishMode mode, params (string Key, string Value)[] settings)
    {
        var configuration = StackConfiguration.From("wst-unit-demo", settings.ToDictionary(s => s.Key, s => s.Value), ImagesFixture.RepositoryRoot());
        var ports = PortPlanner.Plan(StackTemplate.Ports(configuration), new Dictionary<int, int>(), new HashSet<int>());
        return StackRenderer.Render(StackTemplate.Load(ImagesFixture.RepositoryRoot(), configuration), ports, mode);
    }

    [Fact]
    public void PrivateKeys_AreSecretsMountedWhereUsed_NeverEnvironment()
    {
        var file = Rendered(PublishMode.Host, ("WAVELET_KEYS", TestKeys.Keys(3)));
        Assert.Equal(TestKeys.Keys(3), file.Secrets!["wavelet_keys"].Content);
        Assert.Equal("", file.Secrets["wavelet_api_acme_account_key"].Content); // not set: not mounted

        var mounted = new Dictionary<string, SecretReference>
        {
            ["wavelet_keys"] = new() { SecretID = "id", SecretName = "wst-unit-demo_0123456789ab", File = new() { Name = "wavelet_keys" } },
        };
        var specs = ServiceSpecConverter.Convert(file, "wst-unit-demo", "network-id", mounted);
        Assert.Equal(["wavelet_keys"], specs["wavelet"].TaskTemplate.ContainerSpec.Secrets.Select(r => r.File.Name));
        Assert.Equal(["wavelet_keys"], specs["benchmark"].TaskTemplate.ContainerSpec.Secrets.Select(r => r.File.Name));
        Assert.Null(specs["loadbalancer"].TaskTemplate.ContainerSpec.Secrets);
        Assert.All(specs.Values.SelectMany(s => s.TaskTemplate.ContainerSpec.Env ?? []), e =>
        {
            Assert.DoesNotContain(TestKeys.Private1, e);
            Assert.False(e.StartsWith("WAVELET_KEYS=") || e.StartsWith("WAVELET_API_ACME_ACCOUNT_KEY="), e);
        });

        var another = ServiceSpecConverter.Convert(file, "wst-unit-demo", "network-id", new Dictionary<string, SecretReference>
        {
            ["wavelet_keys"] = new() { SecretID = "id2", SecretName = "wst-unit-demo_ba9876543210", File = new() { Name = "wavelet_keys" } },
        });
        Assert.Equal(["secrets"], ServiceSpecComparer.Differences(another["wavelet"], specs["wavelet"])); // a new key value updates the nodes
    }

    [Fact]
    public void TemplateSecret_FromAnUnknownKey_OrUndeclared_IsRefusedNamingIt()
    {
        var unknown = ComposeYaml.Parse("services:\n  a:\n    image: x\nsecrets:\n  s:\n    environment: NOT_A_KEY\n", new Dictionary<string, string>(), "t.yml");
        var error = Assert.Throws<UserErrorException>(() => ComposeSecrets.Fill(unknown, new Dictionary<string, string>(), "/", "t.yml"));
        Assert.Equal("t.yml: secrets.s.environment is 'NOT_A_KEY', which is not a configuration key; name one (`./build.sh ShowConfig` lists them).", error.Message);

        var undeclared = ComposeYaml.Parse("services:\n  a:\n    image: x\n    secrets: [nope]\n", new Dictionary<string, string>(), "t.yml");
        error = Assert.Throws<UserErrorException>(() => ComposeSecrets.Fill(undeclared, new Dictionary<string, string>(), "/", "t.yml"));
        Assert.Equal("t.yml: services.a.secrets names 'nope', which is not declared under the top-level secrets.", error.Message);
    }

    [Fact]
    public void NodeService_RestartsOnlyOnFailure_SoARetiredNodeStaysDown_AndTheComparerSeesTheEnginesDefaultAsUnset()
    {
        var specs = Specs(PublishMode.Host);
        Assert.Equal("on-failure", specs["wavelet"].TaskTemplate.RestartPolicy.Condition);
        var benchmark = specs["benchmark"];
        Assert.Null(benchmark.TaskTemplate.RestartPolicy);
        var asTheEngineStoresIt = Specs(PublishMode.Host)["benchmark"];
        asTheEngineStoresIt.TaskTemplate.RestartPolicy = new SwarmRestartPolicy { Condition = "any", Delay = 5_000_000_000, MaxAttempts = 0 };
        Assert.Empty(ServiceSpecComparer.Differences(benchmark, asTheEngineStoresIt));
        asTheEngineStoresIt.TaskTemplate.RestartPolicy.Condition = "on-failure";
        Assert.Equal(["restart policy"], ServiceSpecComparer.Differences(benchmark, asTheEngineStoresIt));
    }

    [Fact]
    public void NodesSyncAndLoadBalancer_AreReplacedOneSecondAfterTheyFail_NotSwarmsFive()
    {
        var specs = Specs(PublishMode.Host);
        foreach (var service in new[] { "wavelet", "sync", "loadbalancer" })
            Assert.Equal(1_000_000_000L, specs[service].TaskTemplate.RestartPolicy.Delay);
        Assert.Equal("any", specs["sync"].TaskTemplate.RestartPolicy.Condition);
    }

    [Fact]
    public void Template_GivesTheFourServicesWithStackNamesAndLabels()
    {
        var specs = Specs(PublishMode.Host);

        Assert.Equal(["benchmark", "loadbalancer", "sync", "wavelet"], specs.Keys.Order());
        var node = specs["wavelet"];
        Assert.Equal("wst-unit-demo_wavelet", node.Name);
        Assert.Equal("wst-unit-demo", node.Labels["com.docker.stack.namespace"]);
        Assert.Equal("localhost:5000/wavelet-stack-node:latest", node.Labels["com.docker.stack.image"]);
        Assert.Equal("network-id", node.TaskTemplate.Networks.Single().Target);
        Assert.Equal(["wavelet"], node.TaskTemplate.Networks.Single().Aliases);
        Assert.Equal(0UL, specs["benchmark"].Mode.Replicated.Replicas);
    }

    [Fact]
    public void NodeService_HasOneVolumePerSlot_RollsOneAtATime_AndChecksHealthEverySecond()
    {
        var node = Specs(PublishMode.Host, ("WAVELET_NODES", "5"))["wavelet"];

        Assert.Equal(5UL, node.Mode.Replicated.Replicas);
        var mount = node.TaskTemplate.ContainerSpec.Mounts.Single();
        Assert.Equal("{{.Service.Name}}_wavelet_db_instance_{{.Task.Slot}}", mount.Source);
        Assert.Equal("/data", mount.Target);
        Assert.Equal(1UL, node.UpdateConfig.Parallelism);
        Assert.Equal("stop-first", node.UpdateConfig.Order);
        Assert.Equal(TimeSpan.FromSeconds(5), node.TaskTemplate.ContainerSpec.Healthcheck.Interval);
        Assert.True(node.TaskTemplate.ContainerSpec.OpenStdin);
        Assert.Contains("WAVELET_NODE_ID={{.Task.Slot}}", node.TaskTemplate.ContainerSpec.Env);
        Assert.DoesNotContain(node.TaskTemplate.ContainerSpec.Env, e => e.StartsWith("WAVELET_NODES="));
    }

    [Fact]
    public void NodeEnvironment_CarriesTheConfiguration()
    {
        var env = Specs(PublishMode.Host, ("WAVELET_SNOWBALL_K", "4"), ("WAVELET_MEMORY_MAX", "512"))["wavelet"]
            .TaskContainerEnv();
        Assert.Contains("WAVELET_SNOWBALL_K=4", env);
        Assert.Contains("WAVELET_MEMORY_MAX=512", env);
        Assert.Contains("WAVELET_SYNC=http://sync:2379", env);
    }

    [Fact]
    public void HostMode_PublishesOnTheManagersHost_WithDnsRoundRobin()
    {
        var specs = Specs(PublishMode.Host);
        var lb = specs["loadbalancer"];

        Assert.All(lb.EndpointSpec.Ports, p => Assert.Equal("host", p.PublishMode));
        Assert.Equal(1 + 2 * PortPlan.MinimumSlots, lb.EndpointSpec.Ports.Count); // main API, then API and RPC of every slot
        Assert.Contains("node.role == manager", lb.TaskTemplate.Placement.Constraints);
        Assert.All(specs.Values, s => Assert.Equal("dnsrr", s.EndpointSpec.Mode));
        Assert.All(specs.Values.Where(s => s != lb), s => Assert.Null(s.EndpointSpec.Ports));
    }

    [Fact]
    public void IngressMode_UsesTheRoutingMesh_WithoutPinningTheLoadBalancer()
    {
        var lb = Specs(PublishMode.Ingress)["loadbalancer"];

        Assert.All(lb.EndpointSpec.Ports, p => Assert.Equal("ingress", p.PublishMode));
        Assert.Equal("vip", lb.EndpointSpec.Mode);
        Assert.Null(lb.TaskTemplate.Placement);
    }

    [Fact]
    public void Comparer_FindsNothingBetweenTwoConversionsOfTheSameConfiguration()
    {
        var a = Specs(PublishMode.Host);
        var b = Specs(PublishMode.Host);
        Assert.All(a.Keys, k => Assert.Empty(ServiceSpecComparer.Differences(a[k], b[k])));
    }

    [Fact]
    public void Comparer_WhenNodesChangeWithinABlock_NamesOnlyTheNodesReplicas()
    {
        var three = Specs(PublishMode.Host);
        var four = Specs(PublishMode.Host, ("WAVELET_NODES", "4"));

        Assert.Equal(["replicas"], ServiceSpecComparer.Differences(four["wavelet"], three["wavelet"]));
        Assert.Empty(ServiceSpecComparer.Differences(four["loadbalancer"], three["loadbalancer"]));
        Assert.Empty(ServiceSpecComparer.Differences(four["sync"], three["sync"]));
        Assert.Empty(ServiceSpecComparer.Differences(four["benchmark"], three["benchmark"]));
    }

    [Fact]
    public void Comparer_WhenNodesCrossABlock_NamesTheLoadBalancersPortsAndSlots()
    {
        var eight = Specs(PublishMode.Host, ("WAVELET_NODES", "8"));
        var nine = Specs(PublishMode.Host, ("WAVELET_NODES", "9"));

        var differences = ServiceSpecComparer.Differences(nine["loadbalancer"], eight["loadbalancer"]);
        Assert.Contains("ports", differences);
        Assert.Contains(nine["loadbalancer"].TaskTemplate.ContainerSpec.Env, e => e == $"{StackRenderer.SlotsVariable}=16");
    }
}

static class SpecExtensions
{
    public static IList<string> TaskContainerEnv(this ServiceSpec spec) => spec.TaskTemplate.ContainerSpec.Env;
}
