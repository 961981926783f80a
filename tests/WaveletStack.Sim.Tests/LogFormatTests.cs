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

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(12.5, "12.5")]
    [InlineData(0.00001, "0.00001")]
    public void FormatFloat_HasNoExponentNorTrailingZeros(double value, string expected) =>
        Assert.Equal(expected, Log.FormatFloat(value));
}
