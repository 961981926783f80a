using Xunit;
using WaveletStack.Configuration;

namespace WaveletStack.Tests.Configuration;

public sealed class ConfigChangesTests : IDisposable
{
    static readonly Dictionary<string, string> NoEnvironment = new();
    readonly TempRepo repo = new();

    Task<StackConfigFile> Open(string stack, MemoryRemoteStore? remote = null) =>
        StackConfigFile.OpenAsync(repo.Root, stack, NoEnvironment, _ => remote, CancellationToken.None);

    [Fact]
    public async Task SetConfig_OnLegacyFile_WritesStacksFileKeepingCommentsAndOrder()
    {
        repo.With("config/stacks/demoswarm-demostack", "# demo stack\n" + StackConfigurationLoaderTests.ReadmeExample + "\n");

        var loaded = await ConfigChanges.SetAsync(await Open("demoswarm-demostack"),
            ["WAVELET_NODES=5", "WAVELET_TAG=v0.3.0", "WAVELET_API_PORT=30000"], ["WAVELET_BUILD_DIR"], CancellationToken.None);

        Assert.Equal((5, "v0.3.0", 30000), (loaded.Configuration.Nodes, loaded.Configuration.Tag, loaded.Configuration.ApiPort));
        var lines = repo.Read("stacks/demoswarm-demostack").Split('\n');
        Assert.Equal(["# demo stack", "REGISTRY=rkeene", "WAVELET_REBUILD_ON_START=yes"], lines[..3]);
        Assert.Equal("WAVELET_NODES=5", lines[5]);
        Assert.Equal("WAVELET_TAG=v0.3.0", lines[9]);
        Assert.Equal("WAVELET_API_PORT=30000", lines[10]);
        Assert.DoesNotContain(lines, l => l.StartsWith("WAVELET_BUILD_DIR"));
        var reloaded = StackConfigurationLoader.Load(repo.Root, "demoswarm-demostack", NoEnvironment).Configuration;
        Assert.Equal((5, null), (reloaded.Nodes, reloaded.BuildDir));
    }

    [Fact]
    public async Task SetConfig_ThenShowConfig_RoundTripsTheValue()
    {
        await ConfigChanges.SetAsync(await Open("demo-x"), ["WAVELET_GENESIS={\"abc\": {\"balance\": 1}}"], [], CancellationToken.None);

        var shown = ConfigPrinter.Render(StackConfigurationLoader.Load(repo.Root, "demo-x", NoEnvironment));

        Assert.Contains("WAVELET_GENESIS='{\"abc\": {\"balance\": 1}}'\n", shown);
    }

    [Fact]
    public async Task SetConfig_WithSecret_WritesTheFileWithMode600()
    {
        await ConfigChanges.SetAsync(await Open("demo-x"), ["WAVELET_NODES=1", "WAVELET_KEYS=" + TestKeys.Pair1], [], CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(repo.Root, "stacks/demo-x")));
        Assert.Equal(TestKeys.Private1, StackConfigurationLoader.Load(repo.Root, "demo-x", NoEnvironment).Configuration.Keys[0].PrivateKey);
    }

    [Fact]
    public async Task SetConfig_WithBadValues_WritesNothingAndNamesEveryError()
    {
        repo.With("stacks/demo-x", "# keep me\nWAVELET_NODES=3\n");

        var error = await Assert.ThrowsAsync<ConfigurationException>(async () =>
            await ConfigChanges.SetAsync(await Open("demo-x"), ["WAVELET_NODES=0", "WAVELET_CLEAN_VOLUMES=sometimes"], [], CancellationToken.None));

        Assert.Equal(["WAVELET_CLEAN_VOLUMES", "WAVELET_NODES"], error.Problems.Select(p => p.Key).Order());
        Assert.Contains("nothing was changed", error.Message);
        Assert.Equal("# keep me\nWAVELET_NODES=3\n", repo.Read("stacks/demo-x"));
    }

    [Fact]
    public async Task SetConfig_WithAKeyTheNodeWouldRefuse_WritesNothing()
    {
        repo.With("stacks/demo-x", "# keep me\nWAVELET_NODES=1\n");

        var error = await Assert.ThrowsAsync<ConfigurationException>(async () =>
            await ConfigChanges.SetAsync(await Open("demo-x"), [$"WAVELET_KEYS={TestKeys.FailingPrivate} {TestKeys.FailingPublic}"], [], CancellationToken.None));

        Assert.Equal("WAVELET_KEYS", Assert.Single(error.Problems).Key);
        Assert.Contains("static puzzle", error.Message);
        Assert.Contains("nothing was changed", error.Message);
        Assert.Equal("# keep me\nWAVELET_NODES=1\n", repo.Read("stacks/demo-x"));
    }

    [Fact]
    public async Task SetConfig_RaisingNodesAboveTheKeys_WritesNothing()
    {
        var before = $"WAVELET_NODES=2\nWAVELET_KEYS=\"{TestKeys.Keys(2)}\"\n";
        repo.With("stacks/demo-x", before);

        var error = await Assert.ThrowsAsync<ConfigurationException>(async () =>
            await ConfigChanges.SetAsync(await Open("demo-x"), ["WAVELET_NODES=3"], [], CancellationToken.None));

        Assert.Contains("WAVELET_KEYS holds 2 key pairs", Assert.Single(error.Problems).Message);
        Assert.Equal(before, repo.Read("stacks/demo-x"));
    }

    [Theory]
    [InlineData("WAVELET_NODE=3", "--set WAVELET_NODE: unknown key; did you mean WAVELET_NODES?")]
    [InlineData("=3", "a --set argument is not KEY=VALUE")]
    [InlineData("WAVELET_TAG", "--set WAVELET_TAG has no value")]
    public async Task SetConfig_WithMalformedSet_IsRefusedAndWritesNothing(string set, string message)
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(async () =>
            await ConfigChanges.SetAsync(await Open("demo-x"), [set], [], CancellationToken.None));

        Assert.StartsWith(message, Assert.Single(error.Problems).Message);
        Assert.False(repo.Exists("stacks/demo-x"));
    }

    [Fact]
    public async Task SetConfig_WithUnknownKeyAndBadValue_ReportsBoth()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(async () =>
            await ConfigChanges.SetAsync(await Open("demo-x"), ["WAVELET_NODE=3", "WAVELET_NO_RPC=maybe"], [], CancellationToken.None));

        Assert.Equal(["WAVELET_NODE", "WAVELET_NO_RPC"], error.Problems.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Unset_UnknownKeyNotInTheFile_IsRefusedWithASuggestion()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(async () =>
            await ConfigChanges.SetAsync(await Open("demo-x"), [], ["WAVELET_TAGS"], CancellationToken.None));

        Assert.StartsWith("--unset WAVELET_TAGS: unknown key; did you mean WAVELET_TAG?", Assert.Single(error.Problems).Message);
    }

    [Fact]
    public async Task SetConfig_OnRemoteSwarm_WritesTheManagersCopyNotALocalFile()
    {
        var store = new MemoryRemoteStore { ["demo-x"] = "# shared\nWAVELET_NODES=4\n" };

        await ConfigChanges.SetAsync(await Open("demo-x", store), ["WAVELET_TAG=v1"], ["WAVELET_NODES"], CancellationToken.None);

        Assert.Equal("# shared\nWAVELET_TAG=v1\n", store["demo-x"]);
        Assert.False(repo.Exists("stacks/demo-x"));
    }

    public void Dispose() => repo.Dispose();
}
