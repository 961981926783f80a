using WaveletStack.Images;
using Xunit;

namespace WaveletStack.Tests.Images;

public sealed class ImageNamesTests
{
    [Fact]
    public void AStackWithoutMetrics_NeitherBuildsNorPushesTheMetricsImage()
    {
        var names = new ImageNames("registry.example", "v1");
        Assert.Equal(["registry.example/wavelet-stack-node:v1", "registry.example/wavelet-stack-lb:latest",
            "registry.example/wavelet-stack-sync:latest", "registry.example/wavelet-stack-metrics:latest"], names.ToPush);

        var without = names with { WithMetrics = false };
        Assert.DoesNotContain(without.Metrics, without.All);
        Assert.DoesNotContain(without.Metrics, without.ToPush);
        Assert.Equal(4, without.All.Count);
    }
}
