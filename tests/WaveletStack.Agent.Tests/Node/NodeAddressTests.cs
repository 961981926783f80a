using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Tests.Node;

public class NodeAddressTests
{
    [Fact]
    public void Choose_WithNoRpc_ListensOn3000PlusSlotAndAdvertisesTheOverlayIp()
    {
        var address = NodeAddress.Choose(noRpc: true, nodeId: 3, "10.0.1.7", mapping: null);

        Assert.Equal(new NodeAddress("10.0.1.7", 3002), address);
        Assert.Equal("10.0.1.7:3002", address!.Advertised);
    }

    [Fact]
    public void Choose_WithRpc_UsesThePublishedAddressFromTheMapping()
    {
        var address = NodeAddress.Choose(noRpc: false, nodeId: 2, "10.0.1.7", new Mapping("203.0.113.5", 31001, 3001));

        Assert.Equal(new NodeAddress("203.0.113.5", 31001), address);
    }

    [Fact]
    public void Choose_WithRpcAndNoMappingYet_WaitsForIt() =>
        Assert.Null(NodeAddress.Choose(noRpc: false, nodeId: 2, "10.0.1.7", mapping: null));

    [Theory]
    [InlineData("203.0.113.5/31001/3001", true)]
    [InlineData("203.0.113.5/31001", false)]
    [InlineData("203.0.113.5/x/3001", false)]
    [InlineData("/31001/3001", false)]
    [InlineData("203.0.113.5/70000/3001", false)]
    public void MappingTryParse_AcceptsOnlyIpSlashPortSlashPort(string text, bool valid) =>
        Assert.Equal(valid, Mapping.TryParse(text) is not null);
}
