namespace WaveletStack.Sim.Tests;

public sealed class WalletTests : IDisposable
{
    static readonly string Key = string.Concat(Enumerable.Repeat("0f", 32)) + string.Concat(Enumerable.Repeat("e1", 32));
    readonly string dir = Directory.CreateTempSubdirectory("wst-sim-wallet-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Wallet_FromFile_GivesTheKeysPublicHalf()
    {
        var path = Path.Combine(dir, "wallet.txt");
        File.WriteAllText(path, Key + "\n");

        await using var node = await SimProcess.StartNodeAsync(extra: ["--wallet", path]);

        Assert.Equal(Key[64..], (await node.LedgerAsync()).GetProperty("public_key").GetString());
    }

    [Fact]
    public async Task Wallet_AsHexInEnvironment_GivesTheKeysPublicHalf()
    {
        await using var node = await SimProcess.StartNodeAsync(env: new Dictionary<string, string> { ["WAVELET_WALLET"] = Key });

        Assert.Equal(Key[64..], (await node.LedgerAsync()).GetProperty("public_key").GetString());
    }

    [Fact]
    public async Task Wallet_NeitherFileNorHex_GeneratesRandomWalletWithWarning()
    {
        await using var node = await SimProcess.StartNodeAsync(extra: ["--wallet", Path.Combine(dir, "missing.txt")]);

        Assert.Matches("^[0-9a-f]{64}$", (await node.LedgerAsync()).GetProperty("public_key").GetString());
        Assert.Contains(node.Lines, l => l.Contains("WRN") && l.Contains("generating a random wallet"));
    }
}
