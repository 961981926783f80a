using Xunit;
using WaveletStack.Stack;

namespace WaveletStack.Tests.Stack;

public class PortPlannerTests
{
    static readonly Dictionary<int, int> None = new();

    [Fact]
    public void Plan_OnFirstDeploy_PublishesMainThenEverySlotsApiThenRpcOnConsecutiveFreePorts()
    {
        var plan = PortPlanner.Plan(new PortRequest(3, NoRpc: false), None, new HashSet<int> { 30001 });

        Assert.Equal(new PortMapping(80, 30000, "API (main)"), plan.Api);
        Assert.Equal(8, plan.Slots);
        Assert.Equal(Enumerable.Range(30002, 8), plan.NodeApi.Select(p => p.Published));
        Assert.Equal(Enumerable.Range(9000, 8), plan.NodeApi.Select(p => p.Target));
        Assert.Equal(Enumerable.Range(30010, 8), plan.NodeRpc.Select(p => p.Published));
        Assert.Equal(Enumerable.Range(3000, 8), plan.NodeRpc.Select(p => p.Target));
        Assert.Null(plan.Https);
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(3, 8)]
    [InlineData(8, 8)]
    [InlineData(9, 16)]
    [InlineData(11, 16)]
    [InlineData(50, 64)]
    public void Slots_AreTheNodeCountRoundedUpToAPowerOfTwoOfAtLeastEight(int nodes, int slots) =>
        Assert.Equal(slots, new PortRequest(nodes, NoRpc: false).Slots);

    [Fact]
    public void Slots_WithAFixedRpcPortNearTheTop_StopAt65535()
    {
        Assert.Equal(5, new PortRequest(3, NoRpc: false, RpcPort: 65531).Slots);
        Assert.Equal(3, new PortRequest(3, NoRpc: false, RpcPort: 65533).Slots);
    }

    [Fact]
    public void Plan_WithRunningStack_KeepsEveryPublishedPort()
    {
        var first = PortPlanner.Plan(new PortRequest(3, false), None, new HashSet<int>());
        var running = first.All.ToDictionary(p => p.Target, p => p.Published);

        var again = PortPlanner.Plan(new PortRequest(3, false), running, new HashSet<int>());

        Assert.Equal(first.All, again.All);
    }

    [Fact]
    public void Plan_WhenScalingWithinABlock_ChangesNoPort()
    {
        var first = PortPlanner.Plan(new PortRequest(3, false), None, new HashSet<int>());
        var running = first.All.ToDictionary(p => p.Target, p => p.Published);

        var scaled = PortPlanner.Plan(new PortRequest(4, false), running, new HashSet<int>());

        Assert.Equal(first.All, scaled.All);
    }

    [Fact]
    public void Plan_WhenScalingPastABlock_KeepsExistingPortsAndAddsFreeOnesForTheNextBlock()
    {
        var first = PortPlanner.Plan(new PortRequest(8, false), None, new HashSet<int>());
        var running = first.All.ToDictionary(p => p.Target, p => p.Published);

        var scaled = PortPlanner.Plan(new PortRequest(9, false), running, new HashSet<int>());

        Assert.All(first.All, p => Assert.Contains(p, scaled.All));
        var added = scaled.All.Except(first.All).ToList();
        Assert.Equal(Enumerable.Range(9008, 8).Concat(Enumerable.Range(3008, 8)), added.Select(p => p.Target));
        Assert.Equal(scaled.All.Count(), scaled.All.Select(p => p.Published).Distinct().Count());
    }

    [Fact]
    public void Plan_WithFixedPorts_UsesThemAndCountsRpcPortsFromWaveletRpcPort()
    {
        var plan = PortPlanner.Plan(new PortRequest(2, false, ApiPort: 8080, RpcPort: 4000, ApiHost: "example.org"), None, new HashSet<int>());

        Assert.Equal(8080, plan.Api.Published);
        Assert.Equal(Enumerable.Range(4000, 8), plan.NodeRpc.Select(p => p.Published));
        Assert.Equal(new PortMapping(443, 443, "API (HTTPS)"), plan.Https);
    }

    [Fact]
    public void Plan_WithMetrics_PublishesPrometheusApartFromTheLoadBalancer_AndKeepsItsPort()
    {
        Assert.Null(PortPlanner.Plan(new PortRequest(3, false), None, new HashSet<int>()).Metrics);

        var first = PortPlanner.Plan(new PortRequest(3, false, Metrics: true), None, new HashSet<int>());
        Assert.Equal(new PortMapping(PortPlan.MetricsPort, 30017, "Prometheus and the dashboard"), first.Metrics);
        Assert.DoesNotContain(first.All, p => p.Target == PortPlan.MetricsPort); // the load balancer does not publish it

        // A redeploy (the running ports of both services) keeps it where users found it.
        var running = first.All.Append(first.Metrics!).ToDictionary(p => p.Target, p => p.Published);
        var again = PortPlanner.Plan(new PortRequest(3, false, Metrics: true), running, new HashSet<int>());
        Assert.Equal(first.Metrics, again.Metrics);
    }

    [Fact]
    public void Plan_WithNoRpc_PublishesNoRpcPort()
    {
        var plan = PortPlanner.Plan(new PortRequest(3, NoRpc: true), None, new HashSet<int>());
        Assert.Empty(plan.NodeRpc);
        Assert.Equal(1 + 8, plan.All.Count());
    }

    [Fact]
    public void Plan_WhenTheFixedApiPortIsTaken_RefusesNamingPortAndKey()
    {
        var error = Assert.Throws<UserErrorException>(() =>
            PortPlanner.Plan(new PortRequest(3, false, ApiPort: 8080), None, new HashSet<int> { 8080 }));
        Assert.Contains("8080", error.Message);
        Assert.Contains("WAVELET_API_PORT", error.Message);
    }

    [Fact]
    public void Plan_WhenRpcRangeRunsPastTheLastPort_Refuses()
    {
        var error = Assert.Throws<UserErrorException>(() =>
            PortPlanner.Plan(new PortRequest(3, false, RpcPort: 65534), None, new HashSet<int>()));
        Assert.Contains("WAVELET_RPC_PORT", error.Message);
    }
}
