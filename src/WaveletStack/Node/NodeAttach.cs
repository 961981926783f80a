using Docker.DotNet.Models;
using WaveletStack.Output;

namespace WaveletStack.Node;

/// <summary>
/// `Attach`: the node's console (the container's stdin reaches `/wavelet`; typing `l` prints its
/// status). Ctrl-C or Ctrl-P Ctrl-Q detach on our side; the node keeps running.
/// </summary>
public static class NodeAttach
{
    public static async Task RunAsync(NodeContainer node, Terminal? terminal, CancellationToken cancellationToken)
    {
        if (terminal is null)
            throw new UserErrorException($"Attach needs a terminal (stdin and stdout are not one); run it from an interactive shell, or use `./build.sh Logs --node {node.Id}` to read the console's output.");
        var container = await node.Engine.Containers.InspectContainerAsync(node.ContainerId, cancellationToken);
        if (!container.Config.OpenStdin)
            throw new UserErrorException($"{node} keeps no console (its container has no open stdin); use `./build.sh Logs --node {node.Id}` instead.");
        var tty = container.Config.Tty;
        using var stream = await node.Engine.Containers.AttachContainerAsync(node.ContainerId, tty, new ContainerAttachParameters
        {
            Stream = true, Stdin = true, Stdout = true, Stderr = true,
        }, cancellationToken);
        if (tty && terminal.Size() is { } size)
            await node.Engine.Containers.ResizeContainerTtyAsync(node.ContainerId, new ContainerResizeParameters { Width = size.Columns, Height = size.Rows }, cancellationToken);
        Ui.Info($"Attached to {node}; detach with Ctrl-P Ctrl-Q or Ctrl-C (the node keeps running).");
        SessionEnd end;
        // A container without a TTY reads lines: edit them here, as its own terminal would.
        using (terminal.Raw(translateOutput: !tty))
            end = await InteractiveSession.RunAsync(stream, tty ? terminal : terminal.WithLineEditing(), allowDetach: true, cancellationToken);
        Ui.Info(end == SessionEnd.Detached ? $"Detached from {node}; it keeps running." : $"{node} closed its console.");
    }
}
