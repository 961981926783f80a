using WaveletStack.Benchmark;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;
using Xunit;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Stack;

/// <summary>
/// WAVELET_METRICS=yes on a 3-node simulator stack: the real Prometheus (Debian's, in the metrics
/// image) scrapes every agent found by swarm's DNS, answers `max(wavelet_block_height)`, sees the
/// load balancer and a benchmark instance, and Status prints where it is. Turned off, the service goes.
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed class MetricsServiceTests(StackFixture stack, ITestOutputHelper output) : IClassFixture<StackFixture>
{
    static readonly (string, string) MetricsOn = ("WAVELET_METRICS", "yes");

    [Fact]
    public async Task Prometheus_ScrapesEveryAgent_AndStatusPrintsItsUrl()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var report = await stack.DeployAsync(timeout.Token, MetricsOn);
        await stack.Lifecycle(MetricsOn).WaitHealthyAsync(TimeSpan.FromMinutes(3), timeout.Token);
        Assert.NotNull(report.Ports.Metrics);

        var status = await new StatusReader(stack.Engine, stack.Configuration(MetricsOn)).ReadAsync(timeout.Token);
        var text = StatusPrinter.ToText(status);
        output.WriteLine(text);
        var prometheus = $"http://127.0.0.1:{report.Ports.Metrics!.Published}/";
        Assert.Contains($"  - Prometheus: {prometheus}", text);
        Assert.Contains($"  - Dashboard: {prometheus}user/", text);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // Every node scraped: three series of wavelet_up, each 1.
        Assert.Equal(3, await QueryUntilAsync(http, prometheus, "count(wavelet_up == 1)", v => v == 3, timeout.Token));
        var height = await QueryUntilAsync(http, prometheus, "max(wavelet_block_height)", _ => true, timeout.Token);
        Assert.True(height >= 0);
        Assert.Equal(3, await QueryUntilAsync(http, prometheus, "count(wavelet_peers >= 2)", v => v == 3, timeout.Token));
        Assert.Equal(3, await QueryUntilAsync(http, prometheus, "count(wavelet_registered == 1)", v => v == 3, timeout.Token));
        Assert.Equal(1, await QueryUntilAsync(http, prometheus, "max(wavelet_lb_up)", v => v == 1, timeout.Token));
        // Node i's API backend has its server: the load balancer's view of the registrations.
        Assert.True(await QueryUntilAsync(http, prometheus, "sum(wavelet_lb_backend_servers)", v => v >= 3, timeout.Token) >= 3);

        // A benchmark instance is found by DNS once it runs, and its figures reach Prometheus.
        await new BenchmarkService(stack.Engine, stack.Stack).ScaleAsync(1, timeout.Token);
        var tps = await QueryUntilAsync(http, prometheus, "sum(wavelet_benchmark_accepted_tps)", v => v > 0, timeout.Token);
        output.WriteLine($"accepted TPS as Prometheus saw it: {tps}");
        // Assert reads the benchmark's figures from this Prometheus when the stack has one.
        using (var observer = new WaveletStack.Assertions.StackObserver(stack.Engine, stack.Stack, 3, 2))
        {
            var outcome = await WaveletStack.Assertions.AssertionRunner.RunAsync(observer.ObserveAsync,
                WaveletStack.Assertions.AssertOptions.Create("accepted_tps > 0", TimeSpan.FromSeconds(30), null, 3), timeout.Token);
            var observed = Assert.Single(outcome.Last).Observed;
            output.WriteLine(observed);
            Assert.True(outcome.Holds, observed);
            Assert.EndsWith("(1 instance(s), from Prometheus)", observed);
        }
        await new BenchmarkService(stack.Engine, stack.Stack).ScaleAsync(0, timeout.Token);

        // Turned off, the next deploy removes the service and Status says nothing of it.
        var off = await stack.DeployAsync(timeout.Token);
        Assert.Contains(stack.Stack + "_metrics", off.Removed);
        Assert.Null((await new StatusReader(stack.Engine, stack.Configuration()).ReadAsync(timeout.Token)).Prometheus);
    }

    /// <summary>Asks Prometheus's HTTP API until the query has a value that satisfies <paramref name="wanted"/> (scrapes are every 5 s).</summary>
    async Task<double> QueryUntilAsync(HttpClient http, string prometheus, string query, Func<double, bool> wanted, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            (var value, last) = await PrometheusApi.QueryAsync(http, prometheus, query, cancellationToken);
            if (value is { } v && wanted(v))
            {
                output.WriteLine($"{query} = {v}");
                return v;
            }
            await Task.Delay(1000, cancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"Prometheus at {prometheus} did not answer '{query}' as wanted within 90 s; last: {last}");
    }
}
