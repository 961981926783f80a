using Xunit;
using System.Text;
using WaveletStack.Node;

namespace WaveletStack.Tests.Node;

public class NodeShellTests(ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    static async Task<(int Code, string Out, string Err)> RunAsync(NodeContainer node, string[] command, string stdin = "")
    {
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        var code = await NodeShell.RunCommandAsync(node, command, new MemoryStream(Encoding.UTF8.GetBytes(stdin)), output, error, CancellationToken.None);
        return (code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    [Fact]
    public async Task ShellCommand_ExitsWithTheCommandsExitCode()
    {
        var node = await containers.StartAsync("1", ["sleep", "300"]);
        Assert.Equal(0, (await RunAsync(node, ["true"])).Code);
        Assert.Equal(3, (await RunAsync(node, ["sh", "-c", "echo out; echo err >&2; exit 3"])).Code);
        var (_, stdout, stderr) = await RunAsync(node, ["sh", "-c", "echo out; echo err >&2; exit 3"]);
        Assert.Equal("out\n", stdout);
        Assert.Equal("err\n", stderr);
    }

    [Fact]
    public async Task ShellCommand_PassesStdinThrough()
    {
        var node = await containers.StartAsync("1", ["sleep", "300"]);
        var text = string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"line {i}")) + "\n";
        var (code, stdout, _) = await RunAsync(node, ["sh", "-c", "wc -l; exit 0"], text);
        Assert.Equal(0, code);
        Assert.Equal("5000", stdout.Trim());
    }

    [Fact]
    public async Task ShellCommand_NotFound_Exits127WithoutRunning()
    {
        var node = await containers.StartAsync("sync", ["sleep", "300"]);
        Assert.Equal(NodeShell.CommandNotFound, (await RunAsync(node, ["no-such-command-here"])).Code);
    }
}
