using WaveletStack.Agent.Node;
using WaveletStack.Agent.Settings;
using WaveletStack.Agent.Tests.Integration;

namespace WaveletStack.Agent.Tests.Node;

/// <summary>The health check on a node whose API does not answer (nobody listens on its port), and on one that answers without peers.</summary>
public class HealthCheckTests
{
    static Env Silent() => new(new Dictionary<string, string> { ["WAVELET_AGENT_API_PORT"] = FreePort.Next().ToString() });

    static void Touch(string path, DateTime time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, time);
    }

    [Fact]
    public async Task Health_ApiSilent_IsUnhealthy()
    {
        using var root = new TempRoot();
        Assert.Equal(1, await HealthCheck.RunAsync(Silent(), root.Paths, CancellationToken.None));
    }

    [Fact]
    public async Task Health_ApiSilentJustAfterAPause_IsHealthyDuringTheGrace()
    {
        using var root = new TempRoot();
        Touch(root.Paths.Resumed, DateTime.UtcNow.AddSeconds(-5));
        Assert.Equal(0, await HealthCheck.RunAsync(Silent(), root.Paths, CancellationToken.None));
    }

    [Fact]
    public async Task Health_ApiSilentLongAfterAPause_IsUnhealthy()
    {
        using var root = new TempRoot();
        Touch(root.Paths.Resumed, DateTime.UtcNow - HealthCheck.ResumeGrace - TimeSpan.FromSeconds(1));
        Assert.Equal(1, await HealthCheck.RunAsync(Silent(), root.Paths, CancellationToken.None));
    }

    [Theory]
    [InlineData("0", 0)]  // no other node registered: a one-node stack, or the first node up
    [InlineData("2", 1)]  // others are registered and it never had a peer
    [InlineData(null, 1)] // the agent has not heard from etcd yet: not known to be alone
    public async Task Health_ApiAnswersWithoutPeers_IsHealthyOnlyWhenNoOtherNodeIsRegistered(string? othersRegistered, int expected)
    {
        using var root = new TempRoot();
        await using var node = await SimNode.StartAsync(41);
        if (othersRegistered is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(root.Paths.OthersRegistered)!);
            File.WriteAllText(root.Paths.OthersRegistered, othersRegistered);
        }
        var env = new Env(new Dictionary<string, string> { ["WAVELET_AGENT_API_PORT"] = node.ApiPort.ToString() });

        Assert.Equal(expected, await HealthCheck.RunAsync(env, root.Paths, CancellationToken.None));
    }
}
