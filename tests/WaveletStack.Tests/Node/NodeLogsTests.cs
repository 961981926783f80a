using Xunit;
using WaveletStack.Node;

namespace WaveletStack.Tests.Node;

public class NodeLogsTests(ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    [Fact]
    public async Task Logs_WithTail_StreamsTheLastLinesOfStdoutAndStderr()
    {
        var node = await containers.StartAsync("1", ["sh", "-c", "for i in 1 2 3 4 5 6; do echo out$i; done; sleep 0.2; echo err >&2; sleep 300"]);
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        for (var attempt = 0; attempt < 50 && stderr.Length == 0; attempt++)
        {
            stdout.SetLength(0);
            await Task.Delay(100);
            await NodeLogs.StreamAsync(node, new NodeLogs.Options(Tail: 3), stdout, stderr, CancellationToken.None);
        }
        // Docker 20.10's json-file reader counts tail lines per file chunk and sometimes returns one
        // line more than asked for (seen in CI: 3 stdout lines beside the stderr one); what matters is that early lines are cut.
        var lines = System.Text.Encoding.UTF8.GetString(stdout.ToArray());
        Assert.EndsWith("out5\nout6\n", lines);
        Assert.DoesNotContain("out3", lines);
        Assert.Equal("err\n", System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Theory]
    [InlineData("10m", 1_800_000_000 - 600)]
    [InlineData("2h", 1_800_000_000 - 7200)]
    [InlineData("90s", 1_800_000_000 - 90)]
    [InlineData("1700000000", 1_700_000_000)]
    [InlineData("2027-01-15T08:00:00Z", 1_800_000_000)]
    public void Since_UsersForms_BecomeUnixSeconds(string since, long expected) =>
        Assert.Equal(expected.ToString(), NodeLogs.SinceToUnix(since, Now));

    [Fact]
    public void Since_NotATime_IsRefusedWithTheFormsAllowed() =>
        Assert.Contains("10m", Assert.Throws<UserErrorException>(() => NodeLogs.SinceToUnix("yesterday-ish", Now)).Message);
}
