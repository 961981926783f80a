namespace WaveletStack.Sim.Tests;

public sealed class GenesisTests : IDisposable
{
    const string Rich = """{"balance": 10000000000000000000, "rewards": 5000000}""";
    static readonly string[] Keys = [new('1', 64), new('2', 64)];
    readonly string dir = Directory.CreateTempSubdirectory("wst-sim-genesis-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Genesis_AsJsonText_FundsItsAccounts()
    {
        var genesis = $$"""{"{{Keys[0]}}": {{Rich}}, "{{Keys[1]}}": {{Rich}}}""";

        await using var node = await SimProcess.StartNodeAsync(extra: ["--genesis", genesis]);

        Assert.Equal(2, (await node.LedgerAsync()).GetProperty("num_accounts").GetInt32());
        var account = System.Text.Json.JsonDocument.Parse(await node.Http.GetStringAsync($"accounts/{Keys[1]}")).RootElement;
        Assert.Equal(10_000_000_000_000_000_000UL, account.GetProperty("balance").GetUInt64());
        Assert.Equal(5_000_000UL, account.GetProperty("reward").GetUInt64());
    }

    [Fact]
    public async Task Genesis_AsDirectoryFromEnvironment_LoadsEveryJsonFile()
    {
        File.WriteAllText(Path.Combine(dir, "a.json"), $$"""{"{{Keys[0]}}": {{Rich}}}""");
        File.WriteAllText(Path.Combine(dir, "b.json"), $$"""{"{{Keys[1]}}": {{Rich}}}""");

        await using var node = await SimProcess.StartNodeAsync(env: new Dictionary<string, string> { ["WAVELET_GENESIS"] = dir });

        Assert.Equal(2, (await node.LedgerAsync()).GetProperty("num_accounts").GetInt32());
    }

    [Fact]
    public async Task Genesis_NotJson_StopsTheNodeWithMessage()
    {
        var (exit, output) = await CommandLineTests.RunToExitAsync("node", "--port", SimProcess.FreePort().ToString(),
            "--api.port", SimProcess.FreePort().ToString(), "--log.nocolor", "--genesis", "{not json");

        Assert.NotEqual(0, exit);
        Assert.Contains("genesis in --genesis is not valid JSON", output);
    }
}
