using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Node;

namespace WaveletStack.Benchmark;

/// <summary>
/// One benchmark instance's output line by line: followed live (Benchmark streams it; FaultSuite
/// reads TPS from it), or read once up to now (Assert takes the latest figures from it).
/// </summary>
public static class BenchmarkLog
{
    /// <summary>
    /// Calls <paramref name="onLine"/> for each line printed since <paramref name="since"/>, until
    /// the instance ends or <paramref name="cancellationToken"/> is cancelled (which ends it quietly).
    /// </summary>
    public static async Task FollowAsync(NodeLocator locator, NodeId id, DateTimeOffset since, Action<string> onLine,
        CancellationToken cancellationToken)
    {
        try
        {
            var node = await locator.FindAsync(id, cancellationToken);
            await ReadAsync(node.Engine, node.ContainerId, since, follow: true, onLine, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller is done with the instance (its run is over, or Ctrl-C).
        }
    }

    /// <summary>The lines <paramref name="containerId"/> printed since <paramref name="since"/>; with <paramref name="follow"/>, and every later one.</summary>
    public static async Task ReadAsync(IDockerClient engine, string containerId, DateTimeOffset since, bool follow, Action<string> onLine,
        CancellationToken cancellationToken)
    {
        using var logs = await engine.Containers.GetContainerLogsAsync(containerId, false, new ContainerLogsParameters
        {
            ShowStdout = true, ShowStderr = true, Follow = follow, Since = since.ToUnixTimeSeconds().ToString(),
        }, cancellationToken);
        var buffer = new byte[8192];
        var pending = new StringBuilder();
        while (true)
        {
            var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF) return;
            pending.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
            for (var newline = pending.ToString().IndexOf('\n'); newline >= 0; newline = pending.ToString().IndexOf('\n'))
            {
                var line = pending.ToString(0, newline).TrimEnd('\r');
                pending.Remove(0, newline + 1);
                onLine(line);
            }
        }
    }
}
