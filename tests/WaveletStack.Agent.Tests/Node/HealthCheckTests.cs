using WaveletStack.Agent.Node;
using WaveletStack.Agent.Settings;
using WaveletStack.Agent.Tests.Integration;

namespace WaveletStack.Agent.Tests.Node;

/// <summary>The health check on a node whose API does not answer (nobody listens on its port).</summary>
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
}
