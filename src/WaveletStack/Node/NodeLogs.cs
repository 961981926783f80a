using Docker.DotNet.Models;

namespace WaveletStack.Node;

/// <summary>`Logs`: the container's output, streamed as it comes (with `--follow`, until Ctrl-C).</summary>
public static class NodeLogs
{
    public sealed record Options(bool Follow = false, int? Tail = null, string? Since = null);

    public static async Task StreamAsync(NodeContainer node, Options options, Stream stdout, Stream stderr,
        CancellationToken cancellationToken)
    {
        if (options.Tail is < 0) throw new UserErrorException($"--tail {options.Tail} is not valid; give a number of lines, 0 or more.");
        var container = await node.Engine.Containers.InspectContainerAsync(node.ContainerId, cancellationToken);
        using var stream = await node.Engine.Containers.GetContainerLogsAsync(node.ContainerId, container.Config.Tty, new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Follow = options.Follow,
            Tail = options.Tail?.ToString() ?? "all",
            Since = options.Since,
        }, cancellationToken);
        try
        {
            await stream.CopyOutputToAsync(Stream.Null, stdout, stderr, cancellationToken);
        }
        catch (OperationCanceledException) when (options.Follow && cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C ends following; that is how a user stops it, not a failure.
        }
    }
}
