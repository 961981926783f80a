using WaveletStack.Stack;
using Xunit;
using static WaveletStack.Stack.VolumeLevelPlan;

namespace WaveletStack.Tests.Stack;

public sealed class VolumeLevelPlanTests
{
    static Copy At(int node, string host, long generation, long? height) => new(node, host, new VolumeMarker(node, generation, height));

    [Fact]
    public void OneHost_NodesOneToFourBehind_GetTheHighestNodesDatabase()
    {
        var plan = Decide([At(1, "h1", 3, 40), At(2, "h1", 3, 36), At(3, "h1", 3, 40)], ["h1"], 3);

        var transfer = Assert.Single(plan.Transfers);
        Assert.Equal((Reason.Level, 1, "h1", 2, "h1", 36L, 40L, 3L),
            (transfer.Why, transfer.FromNode, transfer.FromHost, transfer.ToNode, transfer.ToHost, transfer.HeightBefore, transfer.Marker.Height, transfer.Marker.Generation));
        Assert.Equal(2, transfer.Marker.Node);
    }

    [Fact]
    public void OneHost_LevelHeights_CopyNothing() =>
        Assert.Empty(Decide([At(1, "h1", 1, 40), At(2, "h1", 2, 40)], ["h1"], 2).Transfers);

    [Fact]
    public void ManyBlocksBehind_IsLevelledToo() =>
        Assert.Equal([3], Decide([At(1, "h1", 1, 400), At(2, "h1", 1, 400), At(3, "h1", 1, 12)], ["h1"], 3).Transfers.Select(t => t.ToNode));

    [Fact]
    public void VolumesWithoutMarkers_AreLeftAloneWithANote()
    {
        var plan = Decide([new Copy(1, "h1", null), At(2, "h1", 1, 5)], ["h1"], 2);

        Assert.Empty(plan.Transfers);
        Assert.Contains(plan.Notes, n => n.StartsWith("node 1:") && n.Contains("no height marker"));
    }

    [Fact]
    public void NodesAboveTheCount_AreNotConsidered() =>
        Assert.Empty(Decide([At(1, "h1", 1, 5), At(2, "h1", 1, 9)], ["h1"], 1).Transfers);

    [Fact]
    public void ManyHosts_TheNewestCopyOfEachNodeGoesToEveryHostMissingItOrHoldingAnOlderOne()
    {
        // Node 1 last ran on h2 (generation 4); h1 holds its older copy; h3 none. Node 2 is on h1 only.
        var plan = Decide([At(1, "h1", 3, 20), At(1, "h2", 4, 30), At(2, "h1", 5, 30)], ["h1", "h2", "h3"], 2);

        Assert.Equal(
            [(Reason.Follow, 1, "h2", 1, "h1"), (Reason.Follow, 1, "h2", 1, "h3"), (Reason.Follow, 2, "h1", 2, "h2"), (Reason.Follow, 2, "h1", 2, "h3")],
            plan.Transfers.Select(t => (t.Why, t.FromNode, t.FromHost, t.ToNode, t.ToHost)));
        Assert.All(plan.Transfers.Where(t => t.ToNode == 1), t => Assert.Equal(4, t.Marker.Generation));
    }

    [Fact]
    public void ManyHosts_ALaggingNodeGetsTheHighestDatabaseOnEveryHost()
    {
        var plan = Decide([At(1, "h1", 2, 40), At(2, "h2", 2, 37)], ["h1", "h2"], 2);

        Assert.Equal([(Reason.Follow, 1, "h1", 1, "h2"), (Reason.Level, 1, "h1", 2, "h1"), (Reason.Level, 1, "h1", 2, "h2")],
            plan.Transfers.Select(t => (t.Why, t.FromNode, t.FromHost, t.ToNode, t.ToHost)));
    }

    [Fact]
    public async Task MarkerTar_RoundTrips()
    {
        var marker = new VolumeMarker(3, 7, 41);
        Assert.Equal(marker, await VolumeMarker.FromTarAsync(marker.ToTar(), CancellationToken.None));
        Assert.Null(VolumeMarker.TryParse("{\"node\":1}"));
        Assert.Null(VolumeMarker.TryParse("not json"));
    }
}
