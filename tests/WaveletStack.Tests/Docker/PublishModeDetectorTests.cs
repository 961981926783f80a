using WaveletStack.Configuration;
using WaveletStack.Docker;
using Xunit;

namespace WaveletStack.Tests.Docker;

public class PublishModeDetectorTests
{
    [Theory]
    [InlineData(PublishMode.Auto, true, PublishMode.Ingress)]
    [InlineData(PublishMode.Auto, false, PublishMode.Host)]
    [InlineData(PublishMode.Host, true, PublishMode.Host)]
    [InlineData(PublishMode.Ingress, false, PublishMode.Ingress)]
    public void Decide_FollowsConfigurationElseIpvs(PublishMode configured, bool ipvs, PublishMode expected)
    {
        Assert.Equal(expected, PublishModeDetector.Decide(configured, ipvs).Mode);
    }

    [Fact]
    public void Decide_IngressForcedWithoutIpvs_WarnsThatPortsWillNotAnswer()
    {
        Assert.Contains("published ports will not answer", PublishModeDetector.Decide(PublishMode.Ingress, false).Reason);
    }

    [Fact]
    public void LocalRoutingMeshAvailable_LooksForIpvsUnderProc()
    {
        var proc = Directory.CreateTempSubdirectory("wst-engine-proc-").FullName;
        try
        {
            Assert.False(PublishModeDetector.LocalRoutingMeshAvailable(proc));
            Directory.CreateDirectory(Path.Combine(proc, "sys", "net", "ipv4", "vs"));
            Assert.True(PublishModeDetector.LocalRoutingMeshAvailable(proc));
        }
        finally { Directory.Delete(proc, recursive: true); }
    }
}
