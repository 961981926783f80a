using System.Text.Json;
using WaveletStack.Agent.Identity;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Tests.Identity;

public class GenesisTests
{
    static readonly KeyList Keys = KeyList.Parse(string.Join(',', "abcd".Select(c => $"{new string(c, 128)} {new string(c, 64)}")), "WAVELET_KEYS");

    static Env EnvOf(params (string Name, string Value)[] values) => new(values.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void Resolve_WithoutGenesis_GivesTheFirstRichWalletsTheOriginalsBalance()
    {
        var genesis = Genesis.Resolve(EnvOf(("WAVELET_RICH_WALLETS", "2")), Keys);

        using var json = JsonDocument.Parse(genesis);
        var accounts = json.RootElement.EnumerateObject().ToList();
        Assert.Equal([new string('a', 64), new string('b', 64)], accounts.Select(a => a.Name));
        Assert.All(accounts, a =>
        {
            Assert.Equal(10000000000000000000UL, a.Value.GetProperty("balance").GetUInt64());
            Assert.Equal(5000000, a.Value.GetProperty("rewards").GetInt64());
        });
    }

    [Fact]
    public void Resolve_ByDefault_MakesThreeRichWallets()
    {
        using var json = JsonDocument.Parse(Genesis.Resolve(EnvOf(), Keys));

        Assert.Equal(3, json.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Resolve_WithGenesis_PassesItThrough()
    {
        const string given = """{"00ff": {"balance": 1}}""";

        Assert.Equal(given, Genesis.Resolve(EnvOf(("WAVELET_GENESIS", given)), Keys));
    }

    [Fact]
    public void Resolve_WithGenesisThatIsNotJson_NamesTheVariable()
    {
        var error = Assert.Throws<ConfigurationException>(() => Genesis.Resolve(EnvOf(("WAVELET_GENESIS", "{not json")), Keys));

        Assert.Equal("WAVELET_GENESIS", error.Variable);
        Assert.Contains("is not JSON", error.Message);
    }

    [Fact]
    public void Resolve_WithMoreRichWalletsThanKeys_NamesTheVariable()
    {
        var error = Assert.Throws<ConfigurationException>(() => Genesis.Resolve(EnvOf(("WAVELET_RICH_WALLETS", "9")), Keys));

        Assert.Equal("WAVELET_RICH_WALLETS", error.Variable);
    }
}
