using WaveletStack.Agent.Identity;
using WaveletStack.Agent.Node;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Tests.Node;

public class WaveletLaunchTests
{
    static NodeSettings Settings(int memoryMax = 0, string? apiHost = null, int? beta = null) => new(
        NodeId: 2, Wallet: new WalletKey(new string('a', 128), new string('b', 64)), Genesis: "{}",
        SnowballK: 2, SnowballBeta: beta, MemoryMax: memoryMax, ApiHost: apiHost, AcmeAccountKey: null,
        BackupDb: false, Sync: NodeSettings.DefaultSync, NodeIp: null, LeaseTtlSeconds: 30, BackupInterval: TimeSpan.FromMinutes(30), ApiPort: 9000, RpcPort: 3000);

    static readonly AgentPaths Paths = new("/");

    [Fact]
    public void Build_PassesAddressWalletFileDatabaseAndGenesisAsFlags()
    {
        var launch = WaveletLaunch.Build(Settings(), new NodeAddress("10.0.0.3", 3001), Paths, "/run/wavelet-agent/wallet", "s3cret", []);

        Assert.Equal(["--host", "10.0.0.3", "--port", "3001", "--api.port", "9000", "--wallet", "/run/wavelet-agent/wallet",
            "--db", "/data/db", "--genesis", "{}", "--sys.snowball.k", "2", "--log.nocolor"], launch.Arguments);
    }

    [Fact]
    public void Build_AsksForPlainLogLines()
    {
        var launch = WaveletLaunch.Build(Settings(), new NodeAddress("10.0.0.3", 3001), Paths, "/w", null, ["10.0.0.4:3000"]);

        Assert.Contains("--log.nocolor", launch.Arguments);
        Assert.Equal("10.0.0.4:3000", launch.Arguments[^1]); // peers stay last, after every flag
    }

    [Fact]
    public void Build_PutsTheSecretInTheEnvironmentNotOnTheCommandLine()
    {
        var launch = WaveletLaunch.Build(Settings(), new NodeAddress("10.0.0.3", 3001), Paths, "/w", "s3cret", []);

        Assert.Equal("s3cret", launch.Environment["WAVELET_API_SECRET"]);
        Assert.DoesNotContain(launch.Arguments, a => a.Contains("s3cret"));
        Assert.DoesNotContain(launch.Arguments, a => a.Contains(new string('a', 128)));
    }

    [Fact]
    public void Build_SetsUpdateUrlEmptyAndRemovesTheStacksClashingVariables()
    {
        var launch = WaveletLaunch.Build(Settings(), new NodeAddress("10.0.0.3", 3001), Paths, "/w", null, []);

        Assert.Equal("", launch.Environment["WAVELET_UPDATE_URL"]);
        Assert.Null(launch.Environment["WAVELET_API_PORT"]);
        Assert.Null(launch.Environment["WAVELET_KEYS"]);
        Assert.Null(launch.Environment["WAVELET_API_SECRET"]);
    }

    [Fact]
    public void Build_WithMemoryMaxZero_HasNoLimit() =>
        Assert.DoesNotContain("--memory.max", WaveletLaunch.Build(Settings(memoryMax: 0), new NodeAddress("h", 1), Paths, "/w", null, []).Arguments);

    [Fact]
    public void Build_WithMemoryMaxApiHostAndBeta_PassesThem()
    {
        var args = WaveletLaunch.Build(Settings(memoryMax: 2048, apiHost: "api.example.org", beta: 150), new NodeAddress("h", 1), Paths, "/w", null, []).Arguments;

        Assert.Equal("2048", args[args.ToList().IndexOf("--memory.max") + 1]);
        Assert.Equal("150", args[args.ToList().IndexOf("--sys.snowball.beta") + 1]);
        Assert.Equal("api.example.org", args[args.ToList().IndexOf("--api.host") + 1]);
        Assert.Equal("/data/certs", args[args.ToList().IndexOf("--api.certs") + 1]);
    }

    [Fact]
    public void Build_ForABuildWithoutTheApi_AppendsPeersAsPositionalArguments()
    {
        var args = WaveletLaunch.Build(Settings(), new NodeAddress("h", 1), Paths, "/w", null, ["10.0.0.1:3000", "10.0.0.3:3002"]).Arguments;

        Assert.Equal(["10.0.0.1:3000", "10.0.0.3:3002"], args.TakeLast(2));
    }
}
