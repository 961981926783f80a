using Xunit;
using WaveletStack.Configuration;

namespace WaveletStack.Tests.Configuration;

public sealed class StackConfigurationLoaderTests : IDisposable
{
    static readonly Dictionary<string, string> NoEnvironment = new();
    readonly TempRepo repo = new();

    // The stack configuration from the original README's "Create a new Stack" example.
    public const string ReadmeExample = """
        REGISTRY=rkeene
        WAVELET_BUILD_DIR=/tmp
        WAVELET_REBUILD_ON_START=yes
        WAVELET_CLEAN_VOLUMES=no
        WAVELET_MEMORY_MAX=2048
        WAVELET_NODES=3
        WAVELET_NO_RPC=true
        WAVELET_SNOWBALL_BETA=150
        WAVELET_SNOWBALL_K=2
        WAVELET_TAG=benchmark
        """;

    [Fact]
    public void Load_LegacyStackFileInTheOriginalsFormat_ReadsEveryValue()
    {
        repo.With("config/stacks/demoswarm-demostack", ReadmeExample);

        var loaded = StackConfigurationLoader.Load(repo.Root, "demoswarm-demostack", NoEnvironment);

        var c = loaded.Configuration;
        Assert.Equal(("rkeene", "benchmark", 3, 2, 150, 2048), (c.Registry, c.Tag, c.Nodes, c.SnowballK, c.SnowballBeta, c.MemoryMax));
        Assert.True(c.RebuildOnStart && c.NoRpc && !c.CleanVolumes);
        Assert.Equal("/tmp", c.BuildDir);
        Assert.Equal("demoswarm", c.Swarm);
        Assert.Equal(new ConfigOrigin(ConfigLayer.StackFile, "config/stacks/demoswarm-demostack"), loaded.OriginOf(ConfigKeys.Tag));
        Assert.Empty(loaded.Warnings);
    }

    [Theory]
    [InlineData("config/stack/demo-x")]
    [InlineData("config/stacks/demo-x")]
    [InlineData("stacks/demo-x")]
    public void Load_StackFileInAnyOfItsPlaces_IsRead(string path)
    {
        repo.With(path, "WAVELET_NODES=5\n");

        Assert.Equal(5, StackConfigurationLoader.Load(repo.Root, "demo-x", NoEnvironment).Configuration.Nodes);
    }

    [Theory]
    [InlineData("config/swarm/demo")]
    [InlineData("config/swarms/demo")]
    public void Load_SwarmFileInEitherPlace_IsRead(string path)
    {
        repo.With(path, "REGISTRY=registry.demo:5000\n");

        var loaded = StackConfigurationLoader.Load(repo.Root, "demo-x", NoEnvironment);

        Assert.Equal("registry.demo:5000", loaded.Configuration.Registry);
        Assert.Equal(ConfigLayer.SwarmFile, loaded.OriginOf(ConfigKeys.Registry).Layer);
    }

    [Fact]
    public void Load_EveryLayer_LaterWinsAndOriginNamesTheLayer()
    {
        repo.With("config/default", "WAVELET_NODES=4\nWAVELET_TAG=a\nREGISTRY=r1\nWAVELET_SNOWBALL_BETA=30\nWAVELET_RICH_WALLETS=7\n")
            .With("config/swarms/demo", "WAVELET_TAG=b\nREGISTRY=r2\nWAVELET_SNOWBALL_BETA=31\nWAVELET_BENCHMARK_NODES=1\n")
            .With("stacks/demo-x", "REGISTRY=r4\nWAVELET_SNOWBALL_BETA=33\nWAVELET_API_PORT=30000\nWAVELET_MEMORY_MAX=100\n");
        var remote = new RemoteLayer("WAVELET_SNOWBALL_BETA=34\nWAVELET_API_PORT=30001\n", "manager:/etc/wavelet-stack/demo-x");
        var environment = new Dictionary<string, string> { ["WAVELET_API_PORT"] = "30002", ["PATH"] = "/bin" };

        var loaded = StackConfigurationLoader.Load(repo.Root, "demo-x", environment, remote);

        var c = loaded.Configuration;
        Assert.Equal((4, 7, "b", 1, "r4", 100, 34, 30002), (c.Nodes, c.RichWallets, c.Tag, c.BenchmarkNodes, c.Registry, c.MemoryMax, c.SnowballBeta, c.ApiPort));
        Assert.Equal("config/default", loaded.OriginOf(ConfigKeys.Nodes).Source);
        Assert.Equal("config/swarms/demo", loaded.OriginOf(ConfigKeys.Tag).Source);
        Assert.Equal("stacks/demo-x", loaded.OriginOf(ConfigKeys.MemoryMax).Source);
        Assert.Equal("stacks/demo-x", loaded.OriginOf(ConfigKeys.Registry).Source);
        Assert.Equal(ConfigLayer.Remote, loaded.OriginOf(ConfigKeys.SnowballBeta).Layer);
        Assert.Equal(ConfigLayer.Environment, loaded.OriginOf(ConfigKeys.ApiPort).Layer);
        Assert.Equal(ConfigLayer.Default, loaded.OriginOf(ConfigKeys.SnowballK).Layer);
    }

    [Fact]
    public void Load_StacksFileAndLegacyFile_ReadsOnlyTheStacksFileAndWarnsAboutTheOther()
    {
        repo.With("config/stacks/demo-x", "WAVELET_NODES=4\nWAVELET_TAG=old\n").With("stacks/demo-x", "WAVELET_NODES=5\n");

        var loaded = StackConfigurationLoader.Load(repo.Root, "demo-x", NoEnvironment);

        Assert.Equal((5, "latest"), (loaded.Configuration.Nodes, loaded.Configuration.Tag));
        Assert.Equal("config/stacks/demo-x is not read: stacks/demo-x replaces it; delete config/stacks/demo-x.", Assert.Single(loaded.Warnings).Message);
    }

    [Fact]
    public void Load_EnvironmentVariables_OverrideFilesAsTheOriginalsBuildAllNodes()
    {
        repo.With("stacks/demo-x", "REGISTRY=rkeene\nWAVELET_TAG=benchmark\n");
        var environment = new Dictionary<string, string> { ["REGISTRY"] = "perlin", ["WAVELET_TAG"] = "v0.3.0" };

        var c = StackConfigurationLoader.Load(repo.Root, "demo-x", environment).Configuration;

        Assert.Equal(("perlin", "v0.3.0"), (c.Registry, c.Tag));
    }

    [Fact]
    public void Load_WithoutStack_UsesStackNameFromConfigDefault()
    {
        repo.With("config/default", "stackName=demoswarm-demostack\n").With("config/stacks/demoswarm-demostack", "WAVELET_NODES=6\n");

        var loaded = StackConfigurationLoader.Load(repo.Root, null, NoEnvironment);

        Assert.Equal(("demoswarm-demostack", 6), (loaded.Configuration.Stack, loaded.Configuration.Nodes));
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void Load_WithoutStackOrDefaultFile_IsTheDefaultLocalStackOnTheLocalEngine()
    {
        var c = StackConfigurationLoader.Load(repo.Root, null, NoEnvironment).Configuration;

        Assert.Equal(("default-local", "default", true), (c.Stack, c.Swarm, c.IsLocal));
    }

    [Fact]
    public void Load_SwarmSetInStackFile_ChoosesThatSwarmsFile()
    {
        repo.With("stacks/demo-x", "SWARM=other\n").With("config/swarms/other", "WAVELET_NODES=9\n").With("config/swarms/demo", "WAVELET_NODES=2\n");

        var loaded = StackConfigurationLoader.Load(repo.Root, "demo-x", NoEnvironment);

        Assert.Equal(("other", 9), (loaded.Configuration.Swarm, loaded.Configuration.Nodes));
        Assert.Equal("stacks/demo-x", loaded.OriginOf(ConfigKeys.Swarm).Source);
    }

    [Fact]
    public void Load_UnknownKey_WarnsNamingTheClosestKnownKey()
    {
        repo.With("stacks/demo-x", "# a comment\n\nWAVELET_NODE=5\n");

        var loaded = StackConfigurationLoader.Load(repo.Root, "demo-x", NoEnvironment);

        var warning = Assert.Single(loaded.Warnings);
        Assert.Equal("stacks/demo-x line 3: unknown key WAVELET_NODE is ignored; did you mean WAVELET_NODES?", warning.Message);
        Assert.Equal(3, loaded.Configuration.Nodes);
    }

    [Fact]
    public void Load_BadValues_ThrowsOnceNamingEveryKeyAndTheFileThatSetIt()
    {
        repo.With("stacks/demo-x", "WAVELET_NODES=0\nWAVELET_NO_RPC='maybe'\nthis is not a setting\n");

        var error = Assert.Throws<ConfigurationException>(() =>
            StackConfigurationLoader.Load(repo.Root, "demo-x", new Dictionary<string, string> { ["WAVELET_TAG"] = "-bad" }));

        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Message == "stacks/demo-x line 3 is not a KEY=VALUE line; expected a name, '=' and a value (quote values that span lines).");
        Assert.Contains(error.Problems, p => p.Message.StartsWith("WAVELET_NODES='0' is not allowed") && p.Message.EndsWith("(set in stacks/demo-x)"));
        Assert.Contains(error.Problems, p => p.Message.StartsWith("WAVELET_TAG='-bad'") && p.Message.EndsWith("(set in environment)"));
    }

    [Fact]
    public void Load_InvalidStackName_IsRefused()
    {
        Assert.Throws<UserErrorException>(() => StackConfigurationLoader.Load(repo.Root, "Bad Name", NoEnvironment));
    }

    [Fact]
    public async Task LoadAsync_RemoteSwarm_ReadsTheManagersCopyAboveLocalFiles()
    {
        repo.With("stacks/demo-x", "WAVELET_NODES=4\nWAVELET_TAG=local\n");
        var store = new MemoryRemoteStore { ["demo-x"] = "WAVELET_NODES=5\n" };
        string? askedFor = null;

        var loaded = await StackConfigurationLoader.LoadAsync(repo.Root, "demo-x", NoEnvironment,
            swarm => { askedFor = swarm; return store; }, CancellationToken.None);

        Assert.Equal("demo", askedFor);
        Assert.Equal((5, "local"), (loaded.Configuration.Nodes, loaded.Configuration.Tag));
        Assert.Equal("manager:/etc/wavelet-stack/demo-x", loaded.OriginOf(ConfigKeys.Nodes).Source);
    }

    public void Dispose() => repo.Dispose();
}

/// <summary>An in-memory <see cref="IRemoteConfigStore"/> standing in for a swarm manager's /etc/wavelet-stack.</summary>
public sealed class MemoryRemoteStore : Dictionary<string, string>, IRemoteConfigStore
{
    public Task<string?> ReadAsync(string stack, CancellationToken cancellationToken) =>
        Task.FromResult(TryGetValue(stack, out var text) ? text : null);

    public Task WriteAsync(string stack, string text, CancellationToken cancellationToken)
    {
        this[stack] = text;
        return Task.CompletedTask;
    }
}
