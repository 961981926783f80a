using WaveletStack.Sim.Cli;

namespace WaveletStack.Sim.Tests;

public class LogFormatTests
{
    [Fact]
    public void Format_WithoutColor_IsZerologConsoleStyleWithSortedFields()
    {
        var line = Log.Format(LogLevel.Info, "Hello.", [("b", 2), ("a", "x y"), ("peers", new[] { "1.2.3.4:3000" })],
            new DateTime(2026, 1, 1, 15, 4, 0), color: false);

        Assert.Equal("3:04PM INF Hello. a: \"x y\" b: 2 peers: [\"1.2.3.4:3000\"]", line);
    }

    [Fact]
    public void Format_WithColor_PaintsLevelAndKeys()
    {
        var line = Log.Format(LogLevel.Warn, "Careful.", [("k", 1)], DateTime.Now, color: true);

        Assert.Contains("\u001b[31mWRN\u001b[0m", line);
    }

    [Fact]
    public void Format_WithColor_PaintsAsTheRealNode()
    {
        // From the real node's stdout: `INF Listening for peers. addr: 127.0.0.1:13000`, painted.
        var line = Log.Format(LogLevel.Info, "Listening for peers.", [("addr", "127.0.0.1:13000")], new DateTime(2026, 1, 1, 13, 1, 0), color: true);

        Assert.Equal("\u001b[2m1:01PM\u001b[0m \u001b[32mINF\u001b[0m Listening for peers. \u001b[2maddr: \u001b[0m127.0.0.1:13000", line);
    }

    [Fact]
    public void Format_WithColor_PaintsErrorsBoldRedAndTheErrorFieldRed()
    {
        var line = Log.Format(LogLevel.Error, "WS Error occurred.", [("error", "x y")], new DateTime(2026, 1, 1, 13, 1, 0), color: true);

        Assert.Equal("\u001b[2m1:01PM\u001b[0m \u001b[1m\u001b[31mERR\u001b[0m\u001b[0m WS Error occurred. \u001b[31merror: \u001b[0m\u001b[31m\"x y\"\u001b[0m", line);
    }

    [Fact]
    public async Task Node_WithoutNoColor_ColoursEvenIntoAPipe()
    {
        await using var node = SimProcess.Start(["node", "--port", SimProcess.FreePort().ToString(), "--api.port", SimProcess.FreePort().ToString(), "--db", ""]);

        await node.WaitForLineAsync(l => l.Contains("Started HTTP API server"), SimProcess.StartTimeout);
        Assert.Contains(node.RawLines, l => l.Contains("\u001b[32mINF\u001b[0m Started HTTP API server."));
    }

    [Fact]
    public async Task Node_WithNoColor_PrintsNoEscapeCodesOnceUp()
    {
        await using var node = await SimProcess.StartNodeAsync(); // passes --log.nocolor

        await node.WaitForLineAsync(l => l.Contains("Started HTTP API server"), SimProcess.StartTimeout);
        await node.SendTransactionsAsync(1); // something to log after start
        await Task.Delay(500);

        // Like the real node: start-up lines are coloured anyway, everything after the API is up is plain.
        var afterStart = node.RawLines.SkipWhile(l => !l.Contains("Started HTTP API server")).Skip(1).ToList();
        Assert.All(afterStart, l => Assert.DoesNotContain('\u001b', l));
        Assert.Contains(node.RawLines, l => l.Contains("\u001b[32mINF\u001b[0m Started HTTP API server."));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(12.5, "12.5")]
    [InlineData(0.00001, "0.00001")]
    public void FormatFloat_HasNoExponentNorTrailingZeros(double value, string expected) =>
        Assert.Equal(expected, Log.FormatFloat(value));
}
