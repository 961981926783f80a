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

/// <summary>The real node's static puzzle on keys (S/Kademlia, C1 = 1), as the simulator enforces it.</summary>
public sealed class WalletPuzzleTests
{
    // A real Ed25519 pair whose public key fails the puzzle; the real node refuses it (see the contract doc).
    const string Failing =
        "28ee3c9d983d97869a52575b53ac3549258b66637c95188f5e39e29b989bd92400cfa30d79de3e9302b4fa526ed58f75d9bf7748809f8b684dab61140784575c";

    const string RealNodeFatal =
        "FTL Failed to parse configuration/command-line arguments. error: \"the wallet specified is invalid: keys are invalid: " +
        "failed to pass static puzzle as prefix length of checksum is 0, yet c1 is 1\"";

    [Fact]
    public async Task Wallet_FailingThePuzzle_StopsTheNodeWithTheRealNodesFatalLineOnStdoutAndExit1()
    {
        await using var node = SimProcess.Start(["node", "--port", SimProcess.FreePort().ToString(), "--api.port", SimProcess.FreePort().ToString(),
            "--db", "", "--log.nocolor", "--wallet", Failing]);

        Assert.Equal(1, await node.WaitForExitAsync());
        // Coloured even with --log.nocolor, as the real node's start-up lines are.
        var fatal = Ansi.Strip(Assert.Single(node.StdoutLines, l => l.Contains("FTL")));
        Assert.Matches(@"^\d{1,2}:\d\d[AP]M ", fatal);
        Assert.EndsWith(RealNodeFatal, fatal);
        Assert.DoesNotContain(node.Lines, l => l.Contains("Started HTTP API server"));
    }

    [Fact]
    public async Task Wallet_FailingThePuzzle_WithoutNoColor_IsPaintedAsTheRealNodePaintsIt()
    {
        await using var node = SimProcess.Start(["node", "--port", SimProcess.FreePort().ToString(), "--api.port", SimProcess.FreePort().ToString(),
            "--db", "", "--wallet", Failing]);

        Assert.Equal(1, await node.WaitForExitAsync());
        // Taken from the real node's stdout (a file, not a terminal): it colours anyway.
        var fatal = Assert.Single(node.StdoutLines, l => l.Contains("FTL"));
        Assert.EndsWith(
            "\u001b[0m \u001b[1m\u001b[31mFTL\u001b[0m\u001b[0m Failed to parse configuration/command-line arguments. \u001b[31merror: \u001b[0m\u001b[31m" +
            "\"the wallet specified is invalid: keys are invalid: failed to pass static puzzle as prefix length of checksum is 0, yet c1 is 1\"\u001b[0m",
            fatal);
        Assert.StartsWith("\u001b[2m", fatal);
    }

    [Fact]
    public void RandomWallets_AllPassThePuzzle()
    {
        var wallets = Enumerable.Range(0, 64).Select(_ => WaveletStack.Sim.Node.Wallet.Random()).ToList();

        Assert.All(wallets, w => Assert.Null(w.PuzzleFailure));
        Assert.Equal(64, wallets.Select(w => w.PublicKeyHex).Distinct().Count());
    }
}
