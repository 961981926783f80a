using Xunit;
using WaveletStack.Configuration;
using WaveletStack.Node;
using WaveletStack.Tests.Configuration;

namespace WaveletStack.Tests.Node;

/// <summary>Where DuplicateStack writes the new stack's configuration (no engine: the stores are files and memory).</summary>
public sealed class StackDuplicatorTests : IDisposable
{
    readonly TempRepo repo = new TempRepo()
        .With("stacks/here-source", "# the source\nSWARM=default\nWAVELET_NODES=5\nWAVELET_RPC_PORT=3000\nWAVELET_API_PORT=8000\n");
    readonly MemoryRemoteStore far = new();

    StackDuplicator Duplicator() => new(repo.Root, new Dictionary<string, string>(), swarm => swarm == "far" ? far : null);

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task DuplicateConfiguration_ToAStackOnARemoteSwarm_IsWrittenToItsManagerWithoutFixedPortsOrSwarm()
    {
        var duplicator = Duplicator();
        var file = await duplicator.NewStackFileAsync("far-copy", CancellationToken.None);
        await duplicator.WriteConfigurationAsync("here-source", file, CancellationToken.None);

        var written = KeyValueFile.Parse(far["far-copy"], "far").Values;
        Assert.Equal("5", written["WAVELET_NODES"]);
        Assert.DoesNotContain("WAVELET_RPC_PORT", written.Keys);
        Assert.DoesNotContain("WAVELET_API_PORT", written.Keys);
        Assert.DoesNotContain("SWARM", written.Keys);
        Assert.False(repo.Exists("stacks/far-copy"), "a remote stack's file belongs on its manager");

        var again = await Assert.ThrowsAsync<UserErrorException>(() => duplicator.NewStackFileAsync("far-copy", CancellationToken.None));
        Assert.Contains("already has a configuration (manager:/etc/wavelet-stack/far-copy)", again.Message);
    }

    [Fact]
    public async Task DuplicateConfiguration_ToALocalStack_IsWrittenToStacksFolder()
    {
        var duplicator = Duplicator();
        var file = await duplicator.NewStackFileAsync("default-copy", CancellationToken.None);
        await duplicator.WriteConfigurationAsync("here-source", file, CancellationToken.None);

        Assert.Equal("5", KeyValueFile.Parse(repo.Read("stacks/default-copy"), "local").Values["WAVELET_NODES"]);
        Assert.Empty(far);
        var again = await Assert.ThrowsAsync<UserErrorException>(() => duplicator.NewStackFileAsync("default-copy", CancellationToken.None));
        Assert.Contains("stacks/default-copy", again.Message);
    }
}
