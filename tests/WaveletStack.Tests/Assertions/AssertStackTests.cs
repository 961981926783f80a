using System.Diagnostics;
using WaveletStack.Tests.Images;
using WaveletStack.Tests.Stack;
using Xunit;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Assertions;

/// <summary>
/// `./build.sh Assert` as a CI job runs it, against a 3-node simulator stack on the real engine:
/// an expression that holds exits 0, one that does not exits 1 with the values it saw, one that
/// never comes true exits 1 when --within runs out, a malformed one exits 2 without asking the stack.
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed class AssertStackTests(StackFixture stack, ITestOutputHelper output) : IClassFixture<StackFixture>, IAsyncLifetime
{
    readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(8));

    public async Task InitializeAsync()
    {
        await stack.DeployAsync(timeout.Token);
        await stack.Lifecycle().WaitHealthyAsync(TimeSpan.FromMinutes(3), timeout.Token);
    }

    public Task DisposeAsync()
    {
        timeout.Dispose();
        return Task.CompletedTask;
    }

    async Task<(int Code, string Output, TimeSpan Took)> AssertAsync(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var run = await BuildProcess.RunAsync(new Dictionary<string, string>
        {
            ["SWARM"] = "default", ["REGISTRY"] = ImagesFixture.Names.Registry, ["WAVELET_TAG"] = "sim", ["WAVELET_NODES"] = "3",
        }, timeout.Token, ["Assert", "--stack", stack.Stack, .. args]);
        output.WriteLine($"$ Assert {string.Join(' ', args)} → {run.Code} in {clock.Elapsed.TotalSeconds:0.0} s\n{run.Output}");
        return (run.Code, run.Output, clock.Elapsed);
    }

    [Fact]
    public async Task AnExpressionThatHolds_ExitsZero_AndShowsWhatItSaw()
    {
        var run = await AssertAsync("--that", "healthy and peers >= 2 on all and height >= 0 on 1..3 and api serving and node 3 is up", "--within", "60s");
        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("Holds: healthy and peers >= 2 on all", run.Output);
        Assert.Contains("peers: 1=2 2=2 3=2", run.Output);
    }

    [Fact]
    public async Task HoldingFor_KeepsLookingThatLong()
    {
        var run = await AssertAsync("--that", "peers >= 2 on all", "--for", "4s");
        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("(for 4 s)", run.Output);
        Assert.True(run.Took >= TimeSpan.FromSeconds(4), $"took {run.Took}");
    }

    [Fact]
    public async Task AnExpressionThatDoesNotHold_ExitsOne_WithTheLastObservedValues()
    {
        var run = await AssertAsync("--that", "peers >= 2 on all and peers >= 5 on 2..3");
        Assert.True(run.Code == 1, run.Output);
        Assert.Contains("Does not hold at the first look: peers >= 5 on 2..3 (peers: 2=2 3=2)", run.Output);
    }

    [Fact]
    public async Task AnExpressionThatNeverComesTrue_ExitsOneWhenWithinRunsOut()
    {
        var run = await AssertAsync("--that", "node 2 is down", "--within", "4s");
        Assert.True(run.Code == 1, run.Output);
        Assert.Contains("Does not hold within 4 s: node 2 is down (node 2 answers)", run.Output);
        Assert.True(run.Took >= TimeSpan.FromSeconds(4), $"gave up after {run.Took}");
    }

    [Fact]
    public async Task ABenchmarkFigure_WithoutABenchmark_DoesNotHoldAndSaysWhy()
    {
        var run = await AssertAsync("--that", "accepted_tps > 0");
        Assert.True(run.Code == 1, run.Output);
        Assert.Contains("no benchmark runs", run.Output);
    }

    [Theory]
    [InlineData("--that", "height >== 5", "column 10")]
    [InlineData("--within", "0s", "--within 0s is not valid")]
    public async Task BadInput_ExitsTwo_SayingWhatIsAllowed(string flag, string value, string message)
    {
        var run = await AssertAsync(flag == "--that" ? [flag, value] : ["--that", "healthy", flag, value]);
        Assert.True(run.Code == 2, run.Output);
        Assert.Contains(message, run.Output);
    }
}
