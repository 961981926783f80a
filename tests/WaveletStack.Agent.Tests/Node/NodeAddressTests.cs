using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Tests.Node;

public class NodeAddressTests
{
    [Fact]
    public void Advertised_IsTheStackNetworkAddressAndTheRpcPort() =>
        Assert.Equal("10.0.1.7:3000", new NodeAddress("10.0.1.7", NodeAddress.RpcPort).Advertised);
}
