namespace WaveletStack.Sim.Tests;

public class CommandLineTests
{
    internal static async Task<(int Exit, string Output)> RunToExitAsync(params string[] args)
    {
        await using var sim = SimProcess.Start(args);
        var exit = await sim.WaitForExitAsync();
        return (exit, sim.Output);
    }

    [Fact]
    public async Task Node_WithUnknownFlag_IsRefusedWithNonZeroExit()
    {
        var (exit, output) = await RunToExitAsync("node", "--no-such-flag", "1");

        Assert.NotEqual(0, exit);
        Assert.Contains("flag provided but not defined: -no-such-flag", output);
    }

    [Fact]
    public async Task Node_Help_ListsFlagsAndMentionsApiSecretVariable()
    {
        var (exit, output) = await RunToExitAsync("node", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("WAVELET_API_SECRET", output);
        foreach (var flag in new[] { "--api.secret", "--db", "--genesis", "--memory.max", "--sys.snowball.k", "--sim.peer-timeout" })
            Assert.Contains(flag, output);
    }

    [Fact]
    public async Task Node_Version_SaysItIsASimulator()
    {
        var (exit, output) = await RunToExitAsync("node", "--version");

        Assert.Equal(0, exit);
        Assert.Contains("SIMULATOR", output);
    }

    [Fact]
    public async Task Node_FlagAndEnvironment_FlagWinsAndEnvironmentFillsTheRest()
    {
        var envPort = SimProcess.FreePort();
        var env = new Dictionary<string, string> { ["WAVELET_API_PORT"] = envPort.ToString(), ["WAVELET_NODE_HOST"] = "10.9.8.7" };

        await using var sim = await SimProcess.StartNodeAsync(env: env); // passes --api.port too
        var ledger = await sim.LedgerAsync();

        Assert.Equal($"10.9.8.7:{sim.P2pPort}", ledger.GetProperty("address").GetString());
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync($"http://127.0.0.1:{envPort}/ledger"));
    }

    [Fact]
    public async Task Node_StartsLoggingThatItIsASimulator()
    {
        await using var sim = await SimProcess.StartNodeAsync();

        await sim.WaitForLineAsync(l => l.Contains("WRN") && l.Contains("SIMULATOR"), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Node_AboveMemoryMax_ExitsWithMessage()
    {
        var (exit, output) = await RunToExitAsync("node", "--port", SimProcess.FreePort().ToString(),
            "--api.port", SimProcess.FreePort().ToString(), "--log.nocolor", "--memory.max", "1");

        Assert.NotEqual(0, exit);
        Assert.Contains("FTL Memory usage exceeds --memory.max", output);
    }

    [Fact]
    public async Task Node_OutputNotATerminal_HasNoColourEvenWithoutNoColorFlag()
    {
        var (_, output) = await RunToExitAsync("node", "--port", SimProcess.FreePort().ToString(),
            "--api.port", SimProcess.FreePort().ToString(), "--memory.max", "1");

        Assert.Contains(" WRN This is wavelet-sim", output);
        Assert.DoesNotContain("\u001b[", output);
    }

    [Fact]
    public async Task Benchmark_WithUnknownFlag_IsRefusedWithNonZeroExit()
    {
        var (exit, output) = await RunToExitAsync("benchmark", "remote", "--host", "127.0.0.1:1", "--bogus");

        Assert.NotEqual(0, exit);
        Assert.Contains("flag provided but not defined: -bogus", output);
    }
}
