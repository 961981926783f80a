using Xunit;
using WaveletStack.Node;

namespace WaveletStack.Tests.Node;

public class CopyRequestTests
{
    [Fact]
    public void Parse_LocalSourcesToNode_IsACopyToThatNode()
    {
        var request = CopyRequest.Parse(["a.txt", "dir/", "2:/tmp/in"]);
        Assert.True(request.ToNode);
        Assert.Equal(NodeId.Parse("2"), request.Node);
        Assert.Equal(["a.txt", "dir/"], request.Sources.Select(s => s.Path));
        Assert.Equal("/tmp/in", request.Destination.Path);
    }

    [Fact]
    public void Parse_NodePathToLocal_IsACopyFromThatNode()
    {
        var request = CopyRequest.Parse(["benchmark.2:/var/log/x", "./local:name"]);
        Assert.False(request.ToNode);
        Assert.Equal(NodeId.Parse("benchmark.2"), request.Node);
        Assert.Equal("./local:name", request.Destination.Path);
    }

    [Fact]
    public void Parse_BothSidesInNodes_IsRefused() =>
        Assert.Contains("between nodes", Assert.Throws<UserErrorException>(() => CopyRequest.Parse(["1:/a", "2:/b"])).Message);

    [Fact]
    public void Parse_NeitherSideInANode_IsRefused() =>
        Assert.Contains("Neither side", Assert.Throws<UserErrorException>(() => CopyRequest.Parse(["a", "b"])).Message);

    [Fact]
    public void Parse_SourcesFromTwoNodes_IsRefused() =>
        Assert.Contains("one node only", Assert.Throws<UserErrorException>(() => CopyRequest.Parse(["1:/a", "2:/b", "out"])).Message);

    [Fact]
    public void Parse_OneWord_AsksForSourceAndDestination() =>
        Assert.Contains("source and a destination", Assert.Throws<UserErrorException>(() => CopyRequest.Parse(["1:/a"])).Message);
}
