using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.LoadBalancer;

namespace WaveletStack.Agent.Tests.LoadBalancer;

/// <summary>
/// Golden texts of the HAProxy configuration (LoadBalancer/Golden/*.cfg). After an intended
/// change, run the tests with WAVELET_UPDATE_GOLDEN=1 and review the diff of those files.
/// </summary>
public class HaproxyConfigTests
{
    public static TheoryData<int, bool, bool> Cases => new()
    {
        { 1, false, false }, { 1, true, true },
        { 3, false, false }, { 3, true, false }, { 3, false, true },
        { 60, false, true }, { 60, true, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_AllNodesRegistered_MatchesGoldenText(int nodes, bool noRpc, bool apiHost)
    {
        var text = RenderStack(nodes, noRpc, apiHost, registered: nodes);

        AssertGolden($"n{nodes}-{(noRpc ? "norpc" : "rpc")}-{(apiHost ? "apihost" : "http")}.cfg", text);
    }

    [Fact]
    public void Render_NodesNotRegisteredYet_KeepTheirFrontendsWithEmptyBackends()
    {
        var text = RenderStack(3, noRpc: false, apiHost: true, registered: 1);

        AssertGolden("n3-rpc-apihost-only-node1-registered.cfg", text);
    }

    [Fact]
    public void Render_SixtyNodes_BindsEveryApiPortFrom9000To9059()
    {
        var text = RenderStack(60, noRpc: true, apiHost: false, registered: 60);

        Assert.Contains("bind :9059\n", text);
        Assert.DoesNotContain("bind :9060\n", text);
        Assert.Contains("server node-60 10.0.0.61:9000\n", text);
    }

    [Fact]
    public void Render_WithPortOffset_ShiftsEveryBind()
    {
        var settings = new LoadBalancerSettings(1, NoRpc: true, ApiHost: null, MaxConn: 100, PortOffset: 20000, Sync: "");

        var text = HaproxyConfig.Render(settings, new Dictionary<int, NodeRecord>());

        Assert.Contains("bind :20080\n", text);
        Assert.Contains("bind :29000\n", text);
    }

    [Fact]
    public void RenderFromEtcd_IgnoresMalformedValuesAndKeysThatAreNotSlots()
    {
        var settings = new LoadBalancerSettings(2, NoRpc: false, ApiHost: null, MaxConn: 100, PortOffset: 0, Sync: "");
        var values = new Dictionary<string, string>
        {
            ["/nodes/1"] = new NodeRecord("10.0.0.2", 3000, 9000, "ab").ToJson(),
            ["/nodes/2"] = "not json",
            ["/nodes/x"] = "{}",
        };

        var text = LoadBalancerMode.Render(settings, values);

        Assert.Contains("server node-1 10.0.0.2:9000\n", text);
        Assert.Contains("server node-1 10.0.0.2:3000\n", text);
        Assert.DoesNotContain("node-2 ", text);
        Assert.Contains("frontend rpc-2", text); // the slot keeps its frontend, with no server
    }

    [Theory]
    [InlineData("10.0.0.2\n    server evil 192.0.2.1", 3000, 9000)]
    [InlineData("not-an-ip", 3000, 9000)]
    [InlineData("10.0.0.2", 0, 9000)]
    [InlineData("10.0.0.2", 3000, 70000)]
    public void RenderFromEtcd_ARecordThatIsNotAnAddress_NeverReachesTheConfiguration(string ip, int rpcPort, int apiPort)
    {
        var settings = new LoadBalancerSettings(2, NoRpc: false, ApiHost: null, MaxConn: 100, PortOffset: 0, Sync: "");
        var values = new Dictionary<string, string> { ["/nodes/2"] = new NodeRecord(ip, rpcPort, apiPort, "ab").ToJson() };

        var text = LoadBalancerMode.Render(settings, values);

        Assert.DoesNotContain("server node-2", text);
        Assert.DoesNotContain("192.0.2.1", text);
    }

    [Theory]
    [InlineData(20000, 9750)]
    [InlineData(1024, 262)]
    [InlineData(100, 64)]
    public void MaxConnFor_LeavesHaproxyTheDescriptorsItNeeds(long openFiles, int expected) =>
        Assert.Equal(expected, LoadBalancerSettings.MaxConnFor(openFiles));

    internal static string RenderStack(int nodes, bool noRpc, bool apiHost, int registered, int portOffset = 0, int maxConn = 9750)
    {
        var settings = new LoadBalancerSettings(nodes, noRpc, apiHost ? "api.example.org" : null, maxConn, portOffset, "");
        var records = Enumerable.Range(1, registered).ToDictionary(i => i, i => new NodeRecord($"10.0.0.{i + 1}", 3000, 9000, new string('a', 64)));
        return HaproxyConfig.Render(settings, records);
    }

    static void AssertGolden(string name, string actual)
    {
        var source = Path.Combine(SourceFolder(), "LoadBalancer", "Golden", name);
        if (Environment.GetEnvironmentVariable("WAVELET_UPDATE_GOLDEN") == "1") File.WriteAllText(source, actual);
        Assert.True(File.Exists(source), $"golden file {source} is missing; run with WAVELET_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(source), actual);
    }

    internal static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(file))!;
}
