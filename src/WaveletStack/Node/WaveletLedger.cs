using System.Text.Json;

namespace WaveletStack.Node;

/// <summary>
/// Reads a node's `/ledger` from inside its container (the API listens on port 9000 there), so it
/// works on any host of a swarm without published ports; bash's /dev/tcp needs no curl in the image.
/// </summary>
public static class WaveletLedger
{
    const string Get = """
        exec 3<>/dev/tcp/127.0.0.1/9000 || exit 7
        printf 'GET /ledger HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
        cat <&3
        """;

    /// <summary>
    /// How long one probe may take: a node whose process is stopped still holds its port, so the
    /// connection opens and the answer never comes.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The block height the node reports, or null while its API does not answer (within <see cref="ProbeTimeout"/>).</summary>
    public static async Task<long?> HeightAsync(NodeContainer node, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ContainerExec.RunCapturedAsync(node, ["bash", "-c", Get], cancellationToken, ProbeTimeout);
            return result.Succeeded ? ParseHeight(result.Stdout) : null;
        }
        catch (ExecTimeoutException) { return null; }
    }

    /// <summary>block.height from an HTTP response holding the ledger JSON (the v0.2 line has round.index).</summary>
    public static long? ParseHeight(string response)
    {
        var body = response.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var at and >= 0 ? response[(at + 4)..] : response;
        if (!response.StartsWith("HTTP/1.", StringComparison.Ordinal) || !response.Contains(" 200 ")) return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.TryGetProperty("block", out var block) && block.TryGetProperty("height", out var height)) return height.GetInt64();
            if (root.TryGetProperty("round", out var round) && round.TryGetProperty("index", out var index)) return index.GetInt64();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Waits until the node answers with at least <paramref name="height"/>; a timeout says what was last seen.</summary>
    public static async Task<long> WaitForHeightAsync(NodeContainer node, long height, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        long? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await HeightAsync(node, cancellationToken);
            if (last >= height) return last.Value;
            await Task.Delay(500, cancellationToken);
        }
        throw new UserErrorException($"{node} did not reach height {height} within {timeout.TotalSeconds:0} s (last seen: {(last?.ToString() ?? "no answer from /ledger")}); check `./build.sh Logs --node {node.Id}`.");
    }
}
