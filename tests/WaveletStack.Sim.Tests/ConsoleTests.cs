using System.Text.RegularExpressions;

namespace WaveletStack.Sim.Tests;

public class ConsoleTests
{
    static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConsoleL_PrintsStatusLineInContractFormat()
    {
        await using var node = await SimProcess.StartNodeAsync();

        await node.Stdin.WriteLineAsync("l");
        await node.Stdin.FlushAsync();

        await node.WaitForLineAsync(l => l.Contains("Here is the current status of your node."), Soon);
        var line = node.Lines.First(l => l.Contains("Here is the current status of your node."));
        Assert.Matches(new Regex(@"^\d{1,2}:\d\d[AP]M INF Here is the current status of your node\. balance: \d+ block_height: 0 .*peers: \[\] .*sync_status: ""Node is fully synced"""), line);
    }

    [Fact]
    public async Task StdinClosed_NodeKeepsRunningAndWarnsThatTheRealNodeWouldStop()
    {
        await using var node = await SimProcess.StartNodeAsync();

        node.Stdin.Close();

        await node.WaitForLineAsync(l => l.Contains("WRN") && l.Contains("real Wavelet node would have stopped"), Soon);
        await Task.Delay(500);
        Assert.False(node.HasExited);
        Assert.Equal(0UL, await node.HeightAsync());
    }
}
