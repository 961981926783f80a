using Xunit;
using WaveletStack.Configuration;

namespace WaveletStack.Tests.Configuration;

/// <summary>Every key's accepted and refused values, checked one at a time on top of the defaults.</summary>
public sealed class ConfigKeyValidationTests : IDisposable
{
    readonly TempRepo repo = new TempRepo().With("genesis.json", "{}");

    public static TheoryData<string, string> Accepted => new()
    {
        { "REGISTRY", "localhost:5000" }, { "REGISTRY", "perlin" }, { "REGISTRY", "rkeene" },
        { "REGISTRY", "registry.example.com/team" }, { "REGISTRY", "Registry.Example.com:443/a/b-c" },
        { "WAVELET_GENESIS", "{\"abc\": {\"balance\": 10}}" }, { "WAVELET_GENESIS", "genesis.json" }, { "WAVELET_GENESIS", "." },
        { "WAVELET_KEYS", TestKeys.Keys(3) }, { "WAVELET_KEYS", TestKeys.Keys(4) }, { "WAVELET_KEYS", TestKeys.Keys(3).ToUpperInvariant() },
        { "WAVELET_NODES", "1" }, { "WAVELET_NODES", "48" }, { "WAVELET_NODES", "200" },
        { "WAVELET_RICH_WALLETS", "0" }, { "WAVELET_RICH_WALLETS", "10" },
        { "WAVELET_SNOWBALL_K", "1" }, { "WAVELET_SNOWBALL_K", "2" },
        { "WAVELET_SNOWBALL_BETA", "1" }, { "WAVELET_SNOWBALL_BETA", "150" },
        { "WAVELET_MEMORY_MAX", "0" }, { "WAVELET_MEMORY_MAX", "2048" },
        { "WAVELET_NO_RPC", "y" }, { "WAVELET_NO_RPC", "YES" }, { "WAVELET_NO_RPC", "True" }, { "WAVELET_NO_RPC", "1" },
        { "WAVELET_NO_RPC", "n" }, { "WAVELET_NO_RPC", "No" }, { "WAVELET_NO_RPC", "FALSE" }, { "WAVELET_NO_RPC", "0" },
        { "WAVELET_RPC_PORT", "1" }, { "WAVELET_RPC_PORT", "3000" }, { "WAVELET_RPC_PORT", "65533" },
        { "WAVELET_TAG", "latest" }, { "WAVELET_TAG", "v0.3.0" }, { "WAVELET_TAG", "benchmark" }, { "WAVELET_TAG", "sim" }, { "WAVELET_TAG", "_x.Y-1" },
        { "WAVELET_CLEAN_VOLUMES", "yes" }, { "WAVELET_CLEAN_VOLUMES", "no" },
        { "WAVELET_API_HOST", "api.example.com" }, { "WAVELET_API_HOST", "localhost" },
        { "WAVELET_API_PORT", "30000" }, { "WAVELET_API_PORT", "65535" },
        { "WAVELET_API_ACME_ACCOUNT_KEY", TestKeys.Pem },
        { "WAVELET_BACKUP_DB", "true" }, { "WAVELET_BACKUP_DB", "0" },
        { "WAVELET_BUILD_DIR", "." },
        { "WAVELET_REBUILD_ON_START", "yes" }, { "WAVELET_REBUILD_ON_START", "N" },
        { "WAVELET_BENCHMARK_NODES", "0" }, { "WAVELET_BENCHMARK_NODES", "4" },
        { "SWARM", "demoswarm" }, { "SWARM", "default" },
        { "WAVELET_PUBLISH_MODE", "auto" }, { "WAVELET_PUBLISH_MODE", "ingress" }, { "WAVELET_PUBLISH_MODE", "HOST" },
        { "WAVELET_METRICS", "yes" }, { "WAVELET_METRICS", "No" }, { "WAVELET_METRICS", "1" },
    };

    public static TheoryData<string, string, string> Refused => new()
    {
        { "REGISTRY", "Perlin", "lowercase" }, { "REGISTRY", "perlin/", "namespace" }, { "REGISTRY", "local host:5000", "registry" },
        { "REGISTRY", "localhost:port", "registry" },
        { "WAVELET_GENESIS", "{not json", "JSON object" }, { "WAVELET_GENESIS", "[1,2]", "existing genesis file" },
        { "WAVELET_GENESIS", "missing.json", "existing genesis file" },
        { "WAVELET_KEYS", "abc def", "entry 1 of 1" }, { "WAVELET_KEYS", TestKeys.Pair1 + ",oops", "entry 2 of 2" },
        { "WAVELET_KEYS", TestKeys.Public1 + " " + TestKeys.Private1, "entry 1 of 1" },
        { "WAVELET_NODES", "0", "≥ 1" }, { "WAVELET_NODES", "-3", "≥ 1" }, { "WAVELET_NODES", "three", "≥ 1" }, { "WAVELET_NODES", "2.5", "≥ 1" },
        { "WAVELET_RICH_WALLETS", "-1", "≥ 0" }, { "WAVELET_RICH_WALLETS", "many", "≥ 0" },
        { "WAVELET_SNOWBALL_K", "0", "≥ 1" }, { "WAVELET_SNOWBALL_K", "k", "≥ 1" },
        { "WAVELET_SNOWBALL_BETA", "0", "≥ 1" }, { "WAVELET_SNOWBALL_BETA", "1e3", "≥ 1" },
        { "WAVELET_MEMORY_MAX", "-1", "≥ 0" }, { "WAVELET_MEMORY_MAX", "2GB", "≥ 0" },
        { "WAVELET_NO_RPC", "maybe", "y/yes/true/1" }, { "WAVELET_NO_RPC", "2", "y/yes/true/1" }, { "WAVELET_NO_RPC", "on", "y/yes/true/1" },
        { "WAVELET_RPC_PORT", "0", "1 to 65535" }, { "WAVELET_RPC_PORT", "65536", "1 to 65535" }, { "WAVELET_RPC_PORT", "http", "1 to 65535" },
        { "WAVELET_RPC_PORT", "65534", "≤ 65533" },
        { "WAVELET_TAG", ".hidden", "Docker tag" }, { "WAVELET_TAG", "a:b", "Docker tag" }, { "WAVELET_TAG", new string('t', 129), "Docker tag" },
        { "WAVELET_CLEAN_VOLUMES", "yess", "y/yes/true/1" },
        { "WAVELET_API_HOST", "https://api.example.com", "host name" }, { "WAVELET_API_HOST", "api.example.com:443", "host name" },
        { "WAVELET_API_PORT", "0", "1 to 65535" }, { "WAVELET_API_PORT", "70000", "1 to 65535" },
        { "WAVELET_API_ACME_ACCOUNT_KEY", "not-a-pem", "PEM block" },
        { "WAVELET_BACKUP_DB", "sometimes", "y/yes/true/1" },
        { "WAVELET_BUILD_DIR", "no/such/dir", "existing directory" },
        { "WAVELET_REBUILD_ON_START", "later", "y/yes/true/1" },
        { "WAVELET_BENCHMARK_NODES", "-1", "≥ 0" },
        { "SWARM", "Demo", "lowercase" }, { "SWARM", "-demo", "lowercase" },
        { "WAVELET_PUBLISH_MODE", "mesh", "auto, ingress, host" },
        { "WAVELET_METRICS", "prometheus", "y/yes/true/1" }, { "WAVELET_METRICS", "on", "y/yes/true/1" },
    };

    [Theory, MemberData(nameof(Accepted))]
    public void Key_WithAllowedValue_IsAccepted(string key, string value)
    {
        var configuration = StackConfiguration.From("demo-stack", new Dictionary<string, string> { [key] = value }, repo.Root);

        Assert.Equal(value, configuration.Values[key]);
    }

    [Theory, MemberData(nameof(Refused))]
    public void Key_WithBadValue_IsRefusedNamingKeyAndWhatIsAllowed(string key, string value, string allowed)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            StackConfiguration.From("demo-stack", new Dictionary<string, string> { [key] = value }, repo.Root));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(key, problem.Key);
        Assert.Contains(key, problem.Message);
        Assert.Contains(allowed, problem.Message);
        if (ConfigKeys.Find(key)!.IsSecret) Assert.DoesNotContain(value, error.Message);
        else Assert.Contains(value.Length > 60 ? value[..40] : value, problem.Message);
    }

    [Fact]
    public void Keys_WithBadSecondEntry_NameTheEntryButNeverPrintAnyKey()
    {
        var value = TestKeys.Pair1 + "," + TestKeys.Private2 + " short";

        var error = Assert.Throws<ConfigurationException>(() =>
            StackConfiguration.From("demo-stack", new Dictionary<string, string> { ["WAVELET_KEYS"] = value }, repo.Root));

        Assert.Contains("entry 2 of 2", error.Message);
        Assert.DoesNotContain(TestKeys.Private1, error.Message);
        Assert.DoesNotContain(TestKeys.Private2, error.Message);
        Assert.DoesNotContain("short", error.Message);
    }

    [Fact]
    public void Keys_WhosePublicHalfIsNotThePrivateKeysTail_AreRefusedShowingThePublicKeyOnly()
    {
        var value = TestKeys.Keys(2) + "," + TestKeys.Private1 + " " + TestKeys.Public2;

        var problem = Assert.Single(KeyProblems(value));

        Assert.True(problem.IsError);
        Assert.Equal(
            $"WAVELET_KEYS entry 3 of 3 (node 3) '******** {TestKeys.Public2}' is not allowed: its public key must be the last 64 hex characters " +
            "of its private key (a Wavelet private key is the 32-byte Ed25519 seed followed by the public key).", problem.Message);
        Assert.DoesNotContain(TestKeys.Private1, problem.Message);
    }

    [Fact]
    public void Keys_ThatFailTheStaticPuzzle_AreRefusedNamingTheNode()
    {
        var value = TestKeys.Keys(1) + "," + TestKeys.FailingPrivate + " " + TestKeys.FailingPublic + "," + TestKeys.Pair2;

        var problem = Assert.Single(KeyProblems(value));

        Assert.True(problem.IsError);
        Assert.StartsWith($"WAVELET_KEYS entry 2 of 3 (node 2) '******** {TestKeys.FailingPublic}' is not allowed: the Wavelet node refuses keys that fail S/Kademlia's static puzzle", problem.Message);
        Assert.Contains("generate-default-keys.sh", problem.Message);
        Assert.DoesNotContain(TestKeys.FailingPrivate, problem.Message);
        Assert.Single(problem.Message.Split(". ")); // one sentence
    }

    [Fact]
    public void Keys_FewerThanNodes_AreAnErrorNamingBothCounts()
    {
        var values = new Dictionary<string, string> { ["WAVELET_NODES"] = "5", ["WAVELET_KEYS"] = TestKeys.Keys(2) };

        var error = Assert.Throws<ConfigurationException>(() => StackConfiguration.From("demo-stack", values, repo.Root));

        var problem = Assert.Single(error.Problems);
        Assert.True(problem.IsError);
        Assert.Equal("WAVELET_KEYS", problem.Key);
        Assert.Equal("WAVELET_KEYS holds 2 key pairs (********) for WAVELET_NODES=5, which is not allowed: give one '<private hex> <public hex>' entry " +
            "per node (at least 5), or leave WAVELET_KEYS empty to use the well-known default keys.", problem.Message);
        Assert.DoesNotContain(TestKeys.Private1, error.Message);
    }

    [Fact]
    public void Keys_AsManyAsNodesOrMore_AreAccepted()
    {
        var values = new Dictionary<string, string> { ["WAVELET_NODES"] = "5", ["WAVELET_KEYS"] = TestKeys.Keys(6) };

        var loaded = StackConfigurationLoader.Load(repo.Root, "demo-stack", values);

        Assert.Equal(6, loaded.Configuration.Keys.Count);
        Assert.DoesNotContain(loaded.Warnings, w => w.Key == "WAVELET_KEYS");
    }

    IReadOnlyList<ConfigProblem> KeyProblems(string value) =>
        Assert.Throws<ConfigurationException>(() =>
            StackConfiguration.From("demo-stack", new Dictionary<string, string> { ["WAVELET_KEYS"] = value }, repo.Root)).Problems;

    [Fact]
    public void Validation_WithSeveralBadValues_ReportsEveryErrorAtOnceOneLineEach()
    {
        var values = new Dictionary<string, string> { ["WAVELET_NODES"] = "zero", ["WAVELET_NO_RPC"] = "perhaps", ["WAVELET_TAG"] = "-x" };

        var error = Assert.Throws<ConfigurationException>(() => StackConfiguration.From("demo-stack", values, repo.Root));

        Assert.Equal(["WAVELET_NODES", "WAVELET_NO_RPC", "WAVELET_TAG"], error.Problems.Select(p => p.Key).Order());
        Assert.Equal(4, error.Message.Split('\n').Length);
    }

    [Fact]
    public void SnowballK_NotBelowNodes_IsAWarningNotAnError()
    {
        var values = new Dictionary<string, string> { ["WAVELET_NODES"] = "3", ["WAVELET_SNOWBALL_K"] = "3" };

        var loaded = StackConfigurationLoader.Load(repo.Root, "demo-stack", values);

        Assert.Equal(3, loaded.Configuration.SnowballK);
        var warning = Assert.Single(loaded.Warnings);
        Assert.False(warning.IsError);
        Assert.Contains("WAVELET_SNOWBALL_K=3", warning.Message);
    }

    [Fact]
    public void Defaults_AreTheOriginals()
    {
        var configuration = StackConfiguration.From("demo-stack", new Dictionary<string, string>(), repo.Root);

        Assert.Equal("localhost:5000", configuration.Registry);
        Assert.Equal("latest", configuration.Tag);
        Assert.Equal(3, configuration.Nodes);
        Assert.Equal(3, configuration.RichWallets);
        Assert.Equal(2, configuration.SnowballK);
        Assert.Equal(25, configuration.SnowballBeta);
        Assert.Equal(0, configuration.BenchmarkNodes);
        Assert.Equal(PublishMode.Auto, configuration.PublishMode);
        Assert.False(configuration.NoRpc || configuration.CleanVolumes || configuration.BackupDb || configuration.RebuildOnStart);
        Assert.Null(configuration.MemoryMax);
        Assert.Null(configuration.RpcPort);
        Assert.Null(configuration.ApiPort);
        Assert.Empty(configuration.Keys);
    }

    [Fact]
    public void TypedProperties_ParseTheirValues()
    {
        var values = new Dictionary<string, string>
        {
            ["WAVELET_NODES"] = "2", ["WAVELET_KEYS"] = TestKeys.Pair1 + ", " + TestKeys.Pair2, ["WAVELET_MEMORY_MAX"] = "2048", ["WAVELET_NO_RPC"] = "YES",
            ["WAVELET_RPC_PORT"] = "3000", ["WAVELET_API_PORT"] = "30000", ["WAVELET_BUILD_DIR"] = ".", ["WAVELET_PUBLISH_MODE"] = "Host",
        };

        var configuration = StackConfiguration.From("demo-stack", values, repo.Root);

        Assert.Equal([TestKeys.Public1, TestKeys.Public2], configuration.Keys.Select(k => k.PublicKey));
        Assert.Equal(TestKeys.Private2, configuration.Keys[1].PrivateKey);
        Assert.DoesNotContain(TestKeys.Private1, configuration.Keys[0].ToString());
        Assert.Equal(2048, configuration.MemoryMax);
        Assert.True(configuration.NoRpc);
        Assert.Equal(3000, configuration.RpcPort);
        Assert.Equal(30000, configuration.ApiPort);
        Assert.Equal(Path.GetFullPath(repo.Root), configuration.BuildDir);
        Assert.Equal(PublishMode.Host, configuration.PublishMode);
    }

    [Fact]
    public void EmptyValue_MeansTheDefault()
    {
        var configuration = StackConfiguration.From("demo-stack", new Dictionary<string, string> { ["WAVELET_NODES"] = "", ["WAVELET_TAG"] = " " }, repo.Root);

        Assert.Equal(3, configuration.Nodes);
        Assert.Equal("latest", configuration.Tag);
    }

    public void Dispose() => repo.Dispose();
}
