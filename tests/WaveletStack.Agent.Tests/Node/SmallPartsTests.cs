using System.Text.Json;
using WaveletStack.Agent.Benchmark;
using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.Node;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Tests.Node;

public class SmallPartsTests
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(11, 1000)]
    [InlineData(0, 0)]
    public void Backoff_DoublesFromATenthOfASecondUpToOneSecond_AndIsNothingAfterALongRun(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Retry.Backoff(failures));

    [Theory]
    [InlineData(1, 250)]
    [InlineData(3, 1000)]
    [InlineData(9, 5000)]
    public void Backoff_WithItsOwnStartAndCeiling_DoublesBetweenThem(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Retry.Backoff(failures, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5)));

    [Theory]
    [InlineData(1, new[] { 1, 2, 3 }, 1)]
    [InlineData(3, new[] { 1, 2, 3 }, 3)]
    [InlineData(4, new[] { 1, 2, 3 }, 1)]
    [InlineData(2, new[] { 5, 2 }, 5)]
    public void BenchmarkTarget_SlotJLoadsNodeJMinusOneModNPlusOne(int slot, int[] nodes, int expected) =>
        Assert.Equal(expected, BenchmarkTarget.Choose(slot, nodes));

    [Fact]
    public void BenchmarkTarget_NoNodeRegistered_IsNone() => Assert.Null(BenchmarkTarget.Choose(1, []));

    [Theory]
    [InlineData("""{"peers":null}""", new string[0])]
    [InlineData("""{"peers":[{"address":"10.0.0.2:3001","public_key":"ab"},{"address":"10.0.0.3:3002","public_key":"cd"}]}""", new[] { "10.0.0.2:3001", "10.0.0.3:3002" })]
    [InlineData("""{"public_key":"ab"}""", new string[0])]
    public void ParsePeers_ReadsTheLedgersPeerAddresses(string ledger, string[] expected)
    {
        using var json = JsonDocument.Parse(ledger);

        Assert.Equal(expected.ToHashSet(), WaveletApi.ParsePeers(json.RootElement));
    }

    [Fact]
    public void Slots_TakesOnlyNumberedKeysOfTheFamily()
    {
        var values = new Dictionary<string, string> { ["/peers/1"] = "a", ["/peers/12"] = "b", ["/peers/x"] = "c", ["/nodes/1"] = "d", ["/peers/0"] = "e" };

        Assert.Equal(new Dictionary<int, string> { [1] = "a", [12] = "b" }, StackKeys.Slots(values, StackKeys.Peers));
    }

    [Fact]
    public void PeerAddresses_KeepOnlyIpAndPort_SoAHostileValueNeverReachesWavelet()
    {
        var values = new Dictionary<string, string>
        {
            ["/peers/1"] = "10.0.1.5:3000", ["/peers/2"] = "10.0.1.6", ["/peers/3"] = "evil.example.com:3000",
            ["/peers/4"] = "10.0.1.7:3000 --api.port 1", ["/peers/5"] = "", ["/peers/6"] = "[fd00::1]:3000", ["/peers/7"] = "10.0.1.8:0",
        };

        Assert.Equal(new Dictionary<int, string> { [1] = "10.0.1.5:3000", [6] = "[fd00::1]:3000" }, StackKeys.PeerAddresses(values));
    }

    [Fact]
    public void NodeRecord_RoundTripsTheContractsJson()
    {
        var record = new NodeRecord("10.0.0.2", 3001, 9000, "ab");

        Assert.Equal("""{"ip":"10.0.0.2","rpcPort":3001,"apiPort":9000,"publicKey":"ab"}""", record.ToJson());
        Assert.Equal(record, NodeRecord.TryParse(record.ToJson()));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("n", false)]
    [InlineData("", false)]
    public void EnvFlag_AcceptsTheOriginalsBooleans(string value, bool expected) =>
        Assert.Equal(expected, new Env(new Dictionary<string, string> { ["WAVELET_NO_RPC"] = value }).Flag("WAVELET_NO_RPC"));

    [Fact]
    public void Env_ReadsEachSecretFileAsTheVariableOfItsNameInCapitals()
    {
        var secrets = Directory.CreateTempSubdirectory("wst-secrets-");
        try
        {
            File.WriteAllText(Path.Combine(secrets.FullName, "wavelet_keys"), "aa bb,cc dd\n");
            var env = Env.FromProcess(secrets.FullName);
            Assert.Equal("aa bb,cc dd", env.Text("WAVELET_KEYS"));
            Assert.Null(env.Text("WAVELET_API_ACME_ACCOUNT_KEY")); // not mounted: unset, as an empty configuration key
        }
        finally { secrets.Delete(recursive: true); }
    }

    [Fact]
    public void EnvFlag_WithAnythingElse_NamesTheVariable()
    {
        var error = Assert.Throws<ConfigurationException>(() => new Env(new Dictionary<string, string> { ["WAVELET_NO_RPC"] = "maybe" }).Flag("WAVELET_NO_RPC"));

        Assert.Equal("WAVELET_NO_RPC: 'maybe' is not a boolean; use yes/no, true/false or 1/0.", error.Message);
    }

    [Fact]
    public void NodeSettings_WithoutNodeId_NamesTheVariable()
    {
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Load(new Env(new Dictionary<string, string>()), new AgentPaths("/nonexistent")));

        Assert.Equal("WAVELET_NODE_ID", error.Variable);
    }
}
