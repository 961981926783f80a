using Docker.DotNet.Models;
using WaveletStack.Output;

namespace WaveletStack.Node;

/// <summary>
/// `Shell`: an interactive shell in a node (bash; sh where there is no bash, as on sync), or one
/// command with stdin passed through whose exit code becomes ours.
/// </summary>
public static class NodeShell
{
    /// <summary>The exit code a shell gives for a command it cannot find; ours too.</summary>
    public const int CommandNotFound = 127;

    public static async Task<int> RunCommandAsync(NodeContainer node, IReadOnlyList<string> command, Stream stdin,
        Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        // Checked first so that a typo gets one clear sentence instead of the runtime's OCI error.
        var found = await ContainerExec.ShellAsync(node, "command -v \"$1\" >/dev/null 2>&1", cancellationToken, command[0]);
        if (!found.Succeeded)
        {
            Ui.Fail($"Command '{command[0]}' was not found in {node}; check its name or give its full path.");
            return CommandNotFound;
        }
        return (int)await ContainerExec.RunAsync(node, command, stdin, stdout, stderr, cancellationToken);
    }

    public static async Task<int> RunInteractiveAsync(NodeContainer node, Terminal? terminal, CancellationToken cancellationToken)
    {
        if (terminal is null)
            throw new UserErrorException($"Shell without a command needs a terminal; run a command instead: `./build.sh Shell --node {node.Id} -- <cmd>`.");
        var hasBash = (await ContainerExec.ShellAsync(node, "command -v bash", cancellationToken)).Succeeded;
        return await RunWithTerminalAsync(node, [hasBash ? "bash" : "sh"], terminal, cancellationToken);
    }

    /// <summary>Runs a command with a TTY joined to the user's terminal; returns its exit code.</summary>
    public static async Task<int> RunWithTerminalAsync(NodeContainer node, IReadOnlyList<string> command, Terminal terminal,
        CancellationToken cancellationToken)
    {
        var exec = await ContainerExec.CreateAsync(node, command, tty: true, stdin: true, cancellationToken);
        using var stream = await node.Engine.Exec.StartAndAttachContainerExecAsync(exec, true, cancellationToken);
        if (terminal.Size() is { } size)
            await node.Engine.Exec.ResizeContainerExecTtyAsync(exec, new ContainerResizeParameters { Width = size.Columns, Height = size.Rows }, cancellationToken);
        using (terminal.Raw())
            await InteractiveSession.RunAsync(stream, terminal, allowDetach: false, cancellationToken);
        return (int)await ContainerExec.ExitCodeAsync(node, exec, cancellationToken);
    }
}
