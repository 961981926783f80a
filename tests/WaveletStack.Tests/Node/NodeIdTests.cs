using Xunit;
using WaveletStack.Node;

namespace WaveletStack.Tests.Node;

public class NodeIdTests
{
    [Theory]
    [InlineData("1", "wavelet", 1, "1")]
    [InlineData("12", "wavelet", 12, "12")]
    [InlineData("sync", "sync", 1, "sync")]
    [InlineData("LoadBalancer", "loadbalancer", 1, "loadbalancer")]
    [InlineData("benchmark", "benchmark", 1, "benchmark")]
    [InlineData("benchmark.1", "benchmark", 1, "benchmark")]
    [InlineData("benchmark.2", "benchmark", 2, "benchmark.2")]
    public void Parse_KnownIds_MapToServiceAndSlot(string text, string service, int slot, string shown)
    {
        var id = NodeId.Parse(text);
        Assert.Equal(new NodeId(service, slot), id);
        Assert.Equal(shown, id.ToString());
        Assert.Equal($"s_{service}", id.ServiceName("s"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("sync.2")]
    [InlineData("bench")]
    [InlineData("")]
    [InlineData("1.5")]
    public void Parse_UnknownId_FailsListingTheAllowedIds(string text)
    {
        var error = Assert.Throws<UserErrorException>(() => NodeId.Parse(text));
        Assert.Contains("sync, loadbalancer, benchmark", error.Message);
    }
}
