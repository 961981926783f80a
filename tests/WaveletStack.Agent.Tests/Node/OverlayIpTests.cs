using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Tests.Node;

/// <summary>The stack-network address read from /etc/hosts as Docker writes it for a swarm task.</summary>
public class OverlayIpTests
{
    const string SwarmTaskHosts = """
        127.0.0.1	localhost
        ::1	localhost ip6-localhost ip6-loopback
        fe00::0	ip6-localnet
        ff02::1	ip6-allnodes
        10.0.17.7	e87322f6006f
        """;

    [Fact]
    public void FromHosts_TheContainersOwnLine_GivesItsAddress() =>
        Assert.Equal("10.0.17.7", OverlayIp.FromHosts(SwarmTaskHosts, "e87322f6006f"));

    [Theory]
    [InlineData("another-host")]                     // not listed: ask the route to sync instead
    [InlineData("localhost")]                        // loopback is never the stack's address
    public void FromHosts_NoUsableLine_GivesNothing(string hostName) =>
        Assert.Null(OverlayIp.FromHosts(SwarmTaskHosts, hostName));

    [Fact]
    public void FromHosts_TwoDifferentAddresses_GivesNothing_RatherThanGuess() =>
        Assert.Null(OverlayIp.FromHosts("10.0.1.5 box\n172.18.0.3 box # gwbridge\n", "box"));

    [Fact]
    public void FromHosts_NoFile_GivesNothing() => Assert.Null(OverlayIp.FromHosts(null, "box"));
}
