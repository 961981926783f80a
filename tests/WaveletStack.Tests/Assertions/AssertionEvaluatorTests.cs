using WaveletStack.Assertions;
using Xunit;

namespace WaveletStack.Tests.Assertions;

public sealed class AssertionEvaluatorTests
{
    static StackObservation Seen(int benchmarks = 0, double? tps = null, params (long? Height, int? Peers)[] nodes) =>
        new(nodes.Select((n, i) => new NodeObservation(i + 1, n.Height, n.Peers)).ToList(), ApiServing: true, Healthy: false,
            "2/3 answering", benchmarks, tps, tps is null ? null : 1.5, TimeSpan.Zero);

    static ClauseResult One(string expression, StackObservation seen) =>
        Assert.Single(AssertionEvaluator.Evaluate(AssertionParser.Parse(expression), seen));

    [Fact]
    public void NodeClauses_LookAtTheNodesTheyName()
    {
        var seen = Seen(0, null, (52, 2), (49, 2), (null, null));
        Assert.False(One("height >= 50", seen).Holds);
        Assert.True(One("height >= 50 on any", seen).Holds);
        Assert.True(One("peers >= 2 on 1..2", seen).Holds);
        Assert.False(One("peers >= 2 on 2..3", seen).Holds);
        Assert.Equal("height: 1=52 2=49 3=no answer", One("height >= 50", seen).Observed);
        Assert.True(One("node 3 is down", seen).Holds);
        Assert.False(One("node 1 is down", seen).Holds);
        Assert.True(One("api serving", seen).Holds);
        Assert.False(One("healthy", seen).Holds);
        Assert.Equal("2/3 answering", One("healthy", seen).Observed);
    }

    [Fact]
    public void BenchmarkClauses_NeedARunningBenchmarkWithFigures()
    {
        Assert.Contains("no benchmark runs", One("accepted_tps > 0", Seen(0, null, (1, 2))).Observed);
        Assert.Contains("printed no figures", One("accepted_tps > 0", Seen(1, null, (1, 2))).Observed);
        Assert.True(One("accepted_tps > 500", Seen(2, 650.5, (1, 2))).Holds);
        Assert.False(One("accepted_tps > 700", Seen(2, 650.5, (1, 2))).Holds);
        Assert.True(One("query_latency_ms <= 1.5", Seen(2, 650.5, (1, 2))).Holds);
    }

    [Fact]
    public async Task Runner_WaitsWithinAndLooksOnceWithoutIt()
    {
        // A stack whose height grows by one a look: "height >= 3" holds at the third look.
        var looks = 0;
        Task<StackObservation> Observe(bool _, bool __, CancellationToken ___) =>
            Task.FromResult(Seen(0, null, (++looks, 2)) with { ReadIn = TimeSpan.FromSeconds(1) }); // no waiting between looks
        var outcome = await AssertionRunner.RunAsync(Observe, AssertOptions.Create("height >= 3", TimeSpan.FromSeconds(30), null, 1), default);
        Assert.True(outcome.Holds);
        Assert.Equal(3, outcome.Polls);

        looks = 0;
        var once = await AssertionRunner.RunAsync(Observe, AssertOptions.Create("height >= 3", null, null, 1), default);
        Assert.False(once.Holds);
        Assert.Equal(1, once.Polls);
        Assert.Equal("height: 1=1", Assert.Single(once.Last).Observed);
    }

    [Fact]
    public async Task Runner_WithFor_FailsWhenItBreaksAfterHolding()
    {
        // Peers 2, 2, then 1: it held, then broke before the 10 s --for asks.
        var peers = new Queue<int>([2, 2, 1]);
        Task<StackObservation> Observe(bool _, bool __, CancellationToken ___) =>
            Task.FromResult(Seen(0, null, (5, peers.Dequeue())) with { ReadIn = TimeSpan.FromSeconds(1) });
        var outcome = await AssertionRunner.RunAsync(Observe, AssertOptions.Create("peers >= 2", null, TimeSpan.FromSeconds(10), 1), default);
        Assert.False(outcome.Holds);
        Assert.Equal(3, outcome.Polls);
        Assert.Contains("then broke (10 s asked)", outcome.Broke);
        Assert.Equal("peers: 1=1", Assert.Single(outcome.Last).Observed);
    }
}
