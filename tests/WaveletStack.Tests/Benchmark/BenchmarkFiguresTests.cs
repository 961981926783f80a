using Xunit;
using WaveletStack.Benchmark;

namespace WaveletStack.Tests.Benchmark;

/// <summary>The summary's total agrees with its instances, over the same window; a run with no samples fails.</summary>
public class BenchmarkFiguresTests
{
    static BenchmarkSample At(double seconds, string instance, double accepted, double latency = 2) =>
        new(seconds, instance, accepted, 0, 0, 0, 0, 0, latency, latency);

    [Fact]
    public void OneInstance_PrintingOutOfStepWithTheClock_TotalEqualsTheInstance()
    {
        // Lines about once a second but drifting: two land in one second, then a second has none.
        // The old total resampled once a second, dropped 700 and counted 500 twice (643.33 against 676.67).
        var results = new BenchmarkResults("s", 1, DateTimeOffset.UnixEpoch);
        foreach (var (t, tps) in new[] { (1.1, 600.0), (2.05, 700.0), (2.95, 900.0), (3.02, 650.0), (4.9, 500.0), (6.1, 710.0) })
            results.Add(At(t, "benchmark", tps));

        var summaries = results.Summaries();

        var instance = summaries[0];
        var total = summaries[^1];
        Assert.Equal(BenchmarkResults.TotalName, total.Instance);
        Assert.Equal(instance.MeanAcceptedTps, total.MeanAcceptedTps, 9);
        Assert.Equal(instance.MaxAcceptedTps, total.MaxAcceptedTps);
        Assert.Equal(instance.Samples, total.Samples);
        Assert.Equal(instance.MeanLatencyMs, total.MeanLatencyMs);
        Assert.Equal(676.666666667, total.MeanAcceptedTps, 6);
    }

    [Fact]
    public void TwoInstances_TotalIsTheSumOfTheirMeansOverTheWindowAfterBothStarted()
    {
        var results = new BenchmarkResults("s", 2, DateTimeOffset.UnixEpoch);
        results.Add(At(1, "benchmark", 0));      // warm-up while the other instance is still starting
        results.Add(At(2, "benchmark", 0));
        results.Add(At(3.5, "benchmark.2", 20));  // both report from here on
        results.Add(At(4, "benchmark", 10));
        results.Add(At(4.5, "benchmark.2", 40));
        results.Add(At(5, "benchmark", 30));

        var summaries = results.Summaries();

        Assert.Equal(3.5, results.WindowStart);
        Assert.Equal((2, 20.0), (summaries[0].Samples, summaries[0].MeanAcceptedTps));
        Assert.Equal((2, 30.0), (summaries[1].Samples, summaries[1].MeanAcceptedTps));
        Assert.Equal((4, 50.0), (summaries[2].Samples, summaries[2].MeanAcceptedTps));
        Assert.Equal(70, summaries[2].MaxAcceptedTps); // 40 + 30 at 5 s
    }

    [Fact]
    public void AllReporting_CompletesOnlyOnceEveryInstancePrintedFigures()
    {
        var results = new BenchmarkResults("s", 2, DateTimeOffset.UnixEpoch);
        results.Add(At(1, "benchmark", 5));
        results.Add(At(2, "benchmark", 5));
        Assert.False(results.AllReporting.IsCompleted);

        results.Add(At(2.5, "benchmark.2", 5));
        Assert.True(results.AllReporting.IsCompleted);
    }

    [Fact]
    public void EnsureSamples_WithNone_FailsNamingEachInstanceAndItsLastLine()
    {
        var results = new BenchmarkResults("s", 2, DateTimeOffset.UnixEpoch);
        results.NoteOtherLine("benchmark", "1:02PM FTL Could not reach the node's HTTP API. host: 10.0.1.5:9000 ");

        var error = Assert.Throws<UserErrorException>(() => results.EnsureSamples(["benchmark", "benchmark.2"], 150.4));

        Assert.Equal("The benchmark gathered no samples in 150 s from benchmark (last line: '1:02PM FTL Could not reach the node's HTTP API. " +
            "host: 10.0.1.5:9000'), benchmark.2 (no output); check the stack is healthy (`./build.sh Status`) and the instances' logs " +
            "(`./build.sh Logs --node benchmark`).", error.Message);
    }

    [Fact]
    public void EnsureSamples_WithSamples_Passes()
    {
        var results = new BenchmarkResults("s", 1, DateTimeOffset.UnixEpoch);
        results.Add(At(1, "benchmark", 0));

        results.EnsureSamples(["benchmark"], 10);
    }
}
