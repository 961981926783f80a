using Docker.DotNet.Models;
using WaveletStack.Stack;
using Xunit;

namespace WaveletStack.Tests.Stack;

public sealed class StartOrderTests
{
    [Fact]
    public void Sort_PutsSyncThenTheLoadBalancerFirst_AndKeepsTheOthersInTheTemplatesOrder()
    {
        var specs = new[] { "wavelet", "loadbalancer", "benchmark", "sync", "metrics" }
            .ToDictionary(name => name, name => new ServiceSpec { Name = "s_" + name });

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

    [Fact]
    public void Sort_PutsMetricsLast_EvenWhenTheTemplateListsItEarlier()
    {
        var specs = new[] { "metrics", "wavelet", "sync", "benchmark", "loadbalancer" }
            .ToDictionary(name => name, name => new ServiceSpec { Name = "s_" + name });

        var order = StartOrder.Sort(specs).Select(s => s.Key).ToList();

        Assert.Equal(["sync", "loadbalancer", "wavelet", "benchmark", "metrics"], order);
    }
}
