using Xunit;
using WaveletStack.Node;

namespace WaveletStack.Tests.Node;

public class NodeAttachTests(ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    // Stands in for /wavelet's console: `l` on stdin prints a status line.
    static readonly string[] Console =
        ["sh", "-c", "while read -r line; do [ \"$line\" = l ] && echo 'INF Here is the current status of your node. block_height: 7'; done"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Attach_ThroughAPseudoTerminal_TypingLPrintsStatus_AndDetachingKeepsTheProcess(bool containerTty)
    {
        var node = await containers.StartAsync("1", Console, openStdin: true, tty: containerTty);
        using var pty = new PseudoTerminal();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var attach = NodeAttach.RunAsync(node, Terminal.FromFd(pty.Slave), timeout.Token);

        var reading = pty.ReadUntilAsync("block_height: 7", timeout.Token);
        await Task.Delay(500, timeout.Token);           // let the attach connect before typing
        await pty.MasterStream.WriteAsync("l\r"u8.ToArray(), timeout.Token);
        var seen = await reading;
        await pty.MasterStream.WriteAsync(new byte[] { 0x10, 0x11 }, timeout.Token);   // Ctrl-P Ctrl-Q
        await attach.WaitAsync(timeout.Token);

        Assert.Contains("block_height: 7", seen);
        var state = await containers.Engine.Containers.InspectContainerAsync(node.ContainerId);
        Assert.True(state.State.Running, "detaching must leave the node's process running");
    }

    [Fact]
    public async Task Attach_WithoutATerminal_SaysSoAndFails()
    {
        var node = await containers.StartAsync("1", ["sleep", "300"], openStdin: true);
        var error = await Assert.ThrowsAsync<UserErrorException>(() => NodeAttach.RunAsync(node, null, CancellationToken.None));
        Assert.Contains("needs a terminal", error.Message);
    }
}
