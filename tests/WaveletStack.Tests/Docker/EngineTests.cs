using WaveletStack.Docker;
using Xunit;

namespace WaveletStack.Tests.Docker;

/// <summary>
/// On the real local engine (which must run: these fail, never skip, without it). The swarm is
/// only inspected or initialised, never left.
/// </summary>
public class EngineTests
{
    [Fact]
    public async Task EngineCheck_OnTheLocalEngine_ReportsVersionAndApi()
    {
        using var client = LocalEngine.Connect();
        var version = await EngineCheck.VersionAsync(client, LocalEngine.Endpoint(), CancellationToken.None);
        Assert.Matches(@"^\d+\.\d+", version.Version);
        Assert.True(Version.Parse(version.ApiVersion) >= Version.Parse(EngineCheck.MinimumApiVersion), version.ApiVersion);
        Assert.Contains($"API {version.ApiVersion}", version.ToString());
    }

    [Fact]
    public async Task EngineCheck_WhenNothingAnswers_SaysHowToStartOrInstallTheEngine()
    {
        var endpoint = new Uri("unix:///tmp/wst-engine-no-such.sock");
        using var client = LocalEngine.Connect(endpoint);
        var error = await Assert.ThrowsAsync<UserErrorException>(() => EngineCheck.VersionAsync(client, endpoint, CancellationToken.None));
        Assert.Contains("No Docker engine answers at unix:///tmp/wst-engine-no-such.sock (no socket at /tmp/wst-engine-no-such.sock)", error.Message);
        Assert.Contains("dockerd", error.Message);
        Assert.Contains("apt-get install -y docker.io", error.Message);
    }

    [Fact]
    public async Task EnsureSwarm_OnAnActiveSwarm_ChangesNothingAndStaysActive()
    {
        using var client = LocalEngine.Connect();
        var before = await client.Swarm.InspectSwarmAsync(CancellationToken.None);

        var state = await LocalSwarm.EnsureAsync(client, CancellationToken.None);

        var after = await client.Swarm.InspectSwarmAsync(CancellationToken.None);
        var info = await client.System.GetSystemInfoAsync(CancellationToken.None);
        Assert.False(state.Created);
        Assert.Equal("active", info.Swarm.LocalNodeState);
        Assert.Equal(before.ID, after.ID);
        Assert.Equal(before.Version.Index, after.Version.Index);
        Assert.Equal(info.Swarm.NodeID, state.NodeId);
        Assert.True(state.Managers >= 1);
    }
}
