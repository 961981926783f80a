using System.Globalization;
using System.Text.RegularExpressions;

namespace WaveletStack.Sim.Tests;

public partial class BenchmarkTests
{
    const string Float = @"-?\d+(\.\d+)?";
    static readonly string Wallet = string.Concat(Enumerable.Repeat("5a", 64));
    static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [GeneratedRegex(@"^\d{1,2}:\d\d[AP]M INF Benchmarking\.\.\. accepted_tps: (?<accepted>" + Float + ") downloaded_tps: " + Float +
                    " gossiped_tps: " + Float + " queried_bps: " + Float + @" query_latency_max_ms: \d+ query_latency_mean_ms: " + Float +
                    @" query_latency_min_ms: \d+ received_tps: (?<received>" + Float + ")$")]
    private static partial Regex BenchmarkLine();

    [Fact]
    public async Task Benchmark_AgainstNodeWithKPeers_PrintsContractLinesWithAcceptedTransactions()
    {
        await using var a = await SimProcess.StartNodeAsync(k: 1);
        await using var b = await SimProcess.StartNodeAsync(k: 1, extra: [a.P2pAddress]);

        await using var bench = StartBenchmark(a, workers: 2);
        await bench.WaitForLineAsync(l => Accepted(l) > 0, Soon);

        Assert.Contains(bench.Lines, l => Regex.IsMatch(l, $"INF Loaded wallet\\. privateKey: {Wallet} publicKey: {Wallet[64..]}$"));
        Assert.Contains(bench.Lines, l => l.EndsWith("You're now connected! Using 2 workers"));
        var samples = bench.Lines.Where(l => l.Contains("Benchmarking...")).ToList();
        Assert.NotEmpty(samples);
        Assert.All(samples, l => Assert.Matches(BenchmarkLine(), l));
    }

    [Fact]
    public async Task Benchmark_AgainstNodeWithFewerThanKPeers_AcceptsNothing()
    {
        await using var a = await SimProcess.StartNodeAsync(k: 2);
        await using var b = await SimProcess.StartNodeAsync(k: 2, extra: [a.P2pAddress]);

        await using var bench = StartBenchmark(a, workers: 1);
        await bench.WaitForLineAsync(l => Received(l) > 0, Soon);
        await Task.Delay(1500);

        var samples = bench.Lines.Where(l => BenchmarkLine().IsMatch(l)).ToList();
        Assert.All(samples, l => Assert.Equal(0, Accepted(l)));
        Assert.Equal(0UL, await a.HeightAsync());
    }

    static SimProcess StartBenchmark(SimProcess node, int workers) =>
        SimProcess.Start(["benchmark", "remote", "--host", node.ApiAddress, "--wallet", Wallet, "--worker", workers.ToString()]);

    static double Accepted(string line) => Field(line, "accepted");
    static double Received(string line) => Field(line, "received");

    static double Field(string line, string name) =>
        BenchmarkLine().Match(line) is { Success: true } m ? double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : -1;
}
