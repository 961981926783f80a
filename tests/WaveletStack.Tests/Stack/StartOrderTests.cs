using Docker.DotNet.Models;
using WaveletStack.Stack;
using Xunit;

namespace WaveletStack.Tests.Stack;

public sealed class StartOrderTests
{
    [Theory]
    [InlineData("wavelet,loadbalancer,benchmark,sync,metrics")]
    [InlineData("metrics,wavelet,sync,benchmark,loadbalancer")]
    public void Sort_PutsSyncThenTheLoadBalancerFirst_MetricsLast_AndKeepsTheOthersInTheTemplatesOrder(string template)
    {
        var specs = template.Split(',').ToDictionary(name => name, name => new ServiceSpec { Name = "s_" + name });

        var order = StartOrder.Sort(specs).Select(s => s.Key).ToList();

        Assert.Equal(["sync", "loadbalancer", "wavelet", "benchmark", "metrics"], order);
    }

    [Theory]
    [InlineData("sync", true)]
    [InlineData("loadbalancer", true)]
    [InlineData("wavelet", false)]
    [InlineData("metrics", false)]
    public void IsFront_OnlyTheServicesNodesDependOn(string service, bool front) =>
        Assert.Equal(front, StartOrder.IsFront(service));

    [Theory]
    [InlineData("metrics", true)]
    [InlineData("wavelet", false)]
    [InlineData("sync", false)]
    public void IsBack_OnlyTheServicesNothingWaitsFor(string service, bool back) =>
        Assert.Equal(back, StartOrder.IsBack(service));
}
