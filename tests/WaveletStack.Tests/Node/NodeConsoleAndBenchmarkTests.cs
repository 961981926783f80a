using Xunit;
using WaveletStack.Benchmark;
using WaveletStack.Node;
using WaveletStack.Stack;

namespace WaveletStack.Tests.Node;

/// <summary>Attach (through a real pseudo-terminal) and Benchmark on the shared deployed stack.</summary>
[Collection(NodeStackCollection.Name)]
public class NodeConsoleAndBenchmarkTests(NodeStackFixture stack)
{
    [Fact]
    public async Task Attach_TypingL_PrintsTheNodesStatusLine_AndDetachLeavesItRunning()
    {
        var node = await stack.NodeAsync("1");
        using var pty = new PseudoTerminal();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var attach = NodeAttach.RunAsync(node, Terminal.FromFd(pty.Slave), timeout.Token);
        var reading = pty.ReadUntilAsync("block_height", timeout.Token);
        await Task.Delay(1000, timeout.Token);
        await pty.MasterStream.WriteAsync("l\r"u8.ToArray(), timeout.Token);
        var seen = await reading;
        await pty.MasterStream.WriteAsync(new byte[] { 0x03 }, timeout.Token);   // Ctrl-C detaches
        await attach.WaitAsync(timeout.Token);

        Assert.Contains("block_height", seen);
        Assert.NotNull(await WaveletLedger.HeightAsync(await stack.NodeAsync("1"), CancellationToken.None));
    }

    [Fact]
    public async Task Benchmark_TwoInstancesFor20Seconds_BothAcceptTransactions_FilesWritten_ServiceBackAt0()
    {
        var output = Directory.CreateTempSubdirectory("wst-node-bench-").FullName;
        try
        {
            var (results, files) = await new BenchmarkRun(stack.Locator)
                .RunAsync(new BenchmarkOptions(Count: 2, DurationSeconds: 20, OutputFolder: output), CancellationToken.None);

            var summaries = results.Summaries().ToDictionary(s => s.Instance);
            Assert.True(summaries["benchmark"].MeanAcceptedTps > 0, "benchmark.1 accepted no transactions");
            Assert.True(summaries["benchmark.2"].MeanAcceptedTps > 0, "benchmark.2 accepted no transactions");
            Assert.All(new[] { files.Csv, files.Json, files.Svg }, f => Assert.True(new FileInfo(f).Length > 100, f));
            var service = await new BenchmarkService(stack.Engine, stack.Stack).FindAsync(CancellationToken.None);
            Assert.Equal(0UL, service.Spec.Mode.Replicated.Replicas);

            await new BenchmarkService(stack.Engine, stack.Stack).ScaleAsync(0, CancellationToken.None);   // StopBenchmark: idempotent
        }
        finally { Directory.Delete(output, true); }
    }
}
