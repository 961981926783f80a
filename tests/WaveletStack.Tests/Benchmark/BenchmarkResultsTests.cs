using System.Text.Json;
using Xunit;
using WaveletStack.Benchmark;

namespace WaveletStack.Tests.Benchmark;

public class BenchmarkResultsTests
{
    const string Line = "\u001b[90m11:03PM\u001b[0m \u001b[32mINF\u001b[0m Benchmarking... accepted_tps: 0.1942050180078577 downloaded_tps: 0 gossiped_tps: 0 queried_bps: 0.08597350826813725 query_latency_max_ms: 6 query_latency_mean_ms: 0.3055822267509728 query_latency_min_ms: 0 received_tps: 2.5";

    [Fact]
    public void Parse_BenchmarkLine_ReadsEveryFigureThroughColours()
    {
        var sample = BenchmarkSample.Parse(Line, "benchmark.2", 3.5)!;
        Assert.Equal(0.1942050180078577, sample.AcceptedTps, 12);
        Assert.Equal(0.3055822267509728, sample.LatencyMeanMs, 12);
        Assert.Equal(6, sample.LatencyMaxMs);
        Assert.Equal(2.5, sample.ReceivedTps);
        Assert.Equal(0.08597350826813725, sample.QueriedPerSecond, 12);
        Assert.Equal("benchmark.2", sample.Instance);
    }

    [Theory]
    [InlineData("INF Loaded wallet. privateKey: abc publicKey: def")]
    [InlineData("You're now connected! Using 2 workers")]
    public void Parse_OtherLines_AreNotSamples(string line) => Assert.Null(BenchmarkSample.Parse(line, "benchmark", 0));

    [Fact]
    public void Parse_ReleaseLine_TakesQueriedRpsForQueriedBps() =>
        Assert.Equal(4, BenchmarkSample.Parse("INF Benchmarking... accepted_tps: 1 queried_rps: 4 query_latency_mean_ms: 2", "b", 0)!.QueriedPerSecond);

    static BenchmarkResults TwoInstances()
    {
        var results = new BenchmarkResults("s", 2, DateTimeOffset.UnixEpoch);
        for (var t = 1; t <= 4; t++)
        {
            results.Add(new BenchmarkSample(t - 0.2, "benchmark", 10, 0, 0, 0, 0, 0, 1, 2));
            results.Add(new BenchmarkSample(t - 0.5, "benchmark.2", 20, 0, 0, 0, 0, 0, 3, 4));
        }
        return results;
    }

    [Fact]
    public void Summaries_SumTpsAcrossInstancesAndAverageLatency()
    {
        var summaries = TwoInstances().Summaries();
        Assert.Equal(["benchmark", "benchmark.2", "total"], summaries.Select(s => s.Instance));
        Assert.Equal(10, summaries[0].MeanAcceptedTps);
        Assert.Equal(30, summaries[2].MeanAcceptedTps);
        Assert.Equal(2, summaries[2].MeanLatencyMs);
        Assert.Contains("accepted 30.0 TPS (benchmark 10.0, benchmark.2 20.0)", TwoInstances().Aggregate());
    }

    [Fact]
    public void Csv_HasAHeaderAndOneRowPerSample()
    {
        var lines = TwoInstances().ToCsv().Trim().Split('\n');
        Assert.StartsWith("seconds,instance,accepted_tps", lines[0]);
        Assert.Equal(9, lines.Length);
    }

    [Fact]
    public void Json_RoundTripsForCompare()
    {
        var record = JsonSerializer.Deserialize<BenchmarkRecord>(TwoInstances().ToJson(), BenchmarkResults.Json)!;
        Assert.Equal(8, record.Samples.Count);
        var table = BenchmarkComparison.Compare(record with { Summaries = [record.Summaries[0] with { MeanAcceptedTps = 5 }] }, TwoInstances().Summaries()).ToString();
        Assert.Contains("+100.0%", table);   // benchmark: 5 → 10 TPS
        Assert.Contains("new", table);       // benchmark.2 was not in the previous run
    }

    [Fact]
    public void Chart_DrawsAPanelLineForEveryInstanceAndTheTotal()
    {
        var svg = BenchmarkChart.Render(TwoInstances());
        Assert.StartsWith("<svg", svg);
        Assert.Equal(6, svg.Split("<polyline").Length - 1);   // 3 series × 2 panels
        Assert.Contains("accepted TPS", svg);
        Assert.Contains("mean query latency", svg);
        System.Xml.Linq.XDocument.Parse(svg);                 // well-formed
    }
}
