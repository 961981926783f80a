using Xunit;
using Docker.DotNet.Models;
using WaveletStack.Compose;
using WaveletStack.Configuration;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;

namespace WaveletStack.Tests.Stack;

/// <summary>The real template, rendered and converted as DeployStack does it.</summary>
public class StackSpecsTests
{
    static IReadOnlyDictionary<string, ServiceSpec> Specs(PublishMode mode, params (string Key, string Value)[] settings)
    {
        var configuration = StackConfiguration.From("wst-unit-demo", settings.ToDictionary(s => s.Key, s => s.Value), ImagesFixture.RepositoryRoot());
        var ports = PortPlanner.Plan(StackTemplate.Ports(configuration), new Dictionary<int, int>(), new HashSet<int>());
        var file = StackRenderer.Render(StackTemplate.Load(ImagesFixture.RepositoryRoot(), configuration), ports, mode);
        return ServiceSpecConverter.Convert(file, "wst-unit-demo", "network-id");
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
