using Xunit;
using WaveletStack.Stack;

namespace WaveletStack.Tests.Stack;

public class PortPlannerTests
{
    static readonly Dictionary<int, int> None = new();

    [Fact]
    public void Plan_OnFirstDeploy_PublishesMainThenNodeApisThenRpcOnConsecutiveFreePorts()
    {
        var plan = PortPlanner.Plan(new PortRequest(3, NoRpc: false), None, new HashSet<int> { 30001 });

        Assert.Equal(new PortMapping(80, 30000, "API (main)"), plan.Api);
        Assert.Equal([30002, 30003, 30004], plan.NodeApi.Select(p => p.Published));
        Assert.Equal([9000, 9001, 9002], plan.NodeApi.Select(p => p.Target));
        Assert.Equal([30005, 30006, 30007], plan.NodeRpc.Select(p => p.Published));
        Assert.Equal([3000, 3001, 3002], plan.NodeRpc.Select(p => p.Target));
        Assert.Null(plan.Https);
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
    public void Plan_WhenScalingUp_KeepsExistingPortsAndAddsFreeOnesForTheNewNode()
    {
        var first = PortPlanner.Plan(new PortRequest(3, false), None, new HashSet<int>());
        var running = first.All.ToDictionary(p => p.Target, p => p.Published);

        var scaled = PortPlanner.Plan(new PortRequest(4, false), running, new HashSet<int>());

        Assert.All(first.All, p => Assert.Contains(p, scaled.All));
        var added = scaled.All.Except(first.All).ToList();
        Assert.Equal([9003, 3003], added.Select(p => p.Target));
        Assert.Equal(scaled.All.Count(), scaled.All.Select(p => p.Published).Distinct().Count());
    }

    [Fact]
    public void Plan_WithFixedPorts_UsesThemAndCountsRpcPortsFromWaveletRpcPort()
    {
        var plan = PortPlanner.Plan(new PortRequest(2, false, ApiPort: 8080, RpcPort: 4000, ApiHost: "example.org"), None, new HashSet<int>());

        Assert.Equal(8080, plan.Api.Published);
        Assert.Equal([4000, 4001], plan.NodeRpc.Select(p => p.Published));
        Assert.Equal(new PortMapping(443, 443, "API (HTTPS)"), plan.Https);
    }

    [Fact]
    public void Plan_WithNoRpc_PublishesNoRpcPort()
    {
        var plan = PortPlanner.Plan(new PortRequest(3, NoRpc: true), None, new HashSet<int>());
        Assert.Empty(plan.NodeRpc);
        Assert.Equal(4, plan.All.Count());
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
