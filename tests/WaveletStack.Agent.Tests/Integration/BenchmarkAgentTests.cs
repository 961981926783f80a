using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>`wavelet-agent benchmark` against a registered simulator node, through real etcd.</summary>
[Collection(Processes.Collection)]
public class BenchmarkAgentTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    [Fact]
    public async Task BenchmarkAgent_Slot2WithTwoNodes_LoadsNode2WithItsWalletAndRestartsTheBenchmarkWhenItExits()
    {
        await using var node1 = await SimNode.StartAsync(1);
        await using var node2 = await SimNode.StartAsync(2);
        await etcd.PutAsync("/nodes/1", new NodeRecord("127.0.0.1", node1.RpcPort, node1.ApiPort, node1.Wallet.PublicHex).ToJson());
        await etcd.PutAsync("/nodes/2", new NodeRecord("127.0.0.1", node2.RpcPort, node2.ApiPort, node2.Wallet.PublicHex).ToJson());

        await using var benchmark = AgentProcess.StartMode("benchmark", new Dictionary<string, string>
        {
            ["WAVELET_BENCHMARK_ID"] = "2", ["WAVELET_SYNC"] = etcd.Endpoint,
        });

        await Eventually.HoldsAsync(() => Task.FromResult(benchmark.Output.Contains("Benchmarking...")), TimeSpan.FromSeconds(30), () => benchmark.Output);
        Assert.Contains($"loading node 2 at 127.0.0.1:{node2.ApiPort}", benchmark.Output);
        Assert.Contains(node2.Wallet.PublicHex, benchmark.Output); // "Loaded wallet … publicKey: …"

        var first = benchmark.ChildPid("benchmark")!.Value;
        System.Diagnostics.Process.GetProcessById(first).Kill();
        await Eventually.HoldsAsync(() => Task.FromResult(benchmark.ChildPid("benchmark") is { } pid && pid != first), TimeSpan.FromSeconds(15), () => benchmark.Output);
    }
}
