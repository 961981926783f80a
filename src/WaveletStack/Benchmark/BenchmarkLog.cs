using System.Text;
using Docker.DotNet.Models;
using WaveletStack.Node;

namespace WaveletStack.Benchmark;

/// <summary>Follows one benchmark instance's output line by line (Benchmark streams it; FaultSuite reads TPS from it).</summary>
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
            using var logs = await node.Engine.Containers.GetContainerLogsAsync(node.ContainerId, false, new ContainerLogsParameters
            {
                ShowStdout = true, ShowStderr = true, Follow = true, Since = since.ToUnixTimeSeconds().ToString(),
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller is done with the instance (its run is over, or Ctrl-C).
        }
    }
}
