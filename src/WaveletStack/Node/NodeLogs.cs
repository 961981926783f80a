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
            Since = options.Since is null ? null : SinceToUnix(options.Since, DateTimeOffset.UtcNow),
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

    /// <summary>
    /// The engine takes Unix seconds; users write `10m`, `2h`, `90s`, a date-time (RFC 3339) or
    /// Unix seconds, as with `docker logs --since`.
    /// </summary>
    public static string SinceToUnix(string since, DateTimeOffset now)
    {
        var text = since.Trim();
        if (long.TryParse(text, out var unix)) return unix.ToString();
        if (text.Length > 1 && double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            && text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 } is var unit and > 0)
            return (now - TimeSpan.FromSeconds(amount * unit)).ToUnixTimeSeconds().ToString();
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUnixTimeSeconds().ToString();
        throw new UserErrorException($"--since '{since}' is not a time; use a duration ago (10m, 2h, 90s), a date-time (2026-01-31T12:00:00Z) or Unix seconds.");
    }
}
