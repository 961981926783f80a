using System.Net.Sockets;
using System.Text;

namespace WaveletStack.Agent.LoadBalancer;

/// <summary>
/// HAProxy's runtime API on its stats socket. After a reload the socket path leads to the new
/// worker, so what it says is what runs now.
/// </summary>
public sealed class HaproxyRuntime(string socketPath)
{
    /// <summary>The variable each rendered configuration sets (`setenv` in `global`) to its own id.</summary>
    public const string ConfigIdVariable = "WAVELET_LB_CONFIG";

    /// <summary>The id of the configuration the current worker loaded, or null while no worker answers.</summary>
    public async Task<string?> RunningConfigIdAsync(CancellationToken ct)
    {
        try
        {
            var answer = await AskAsync($"show env {ConfigIdVariable}", ct);
            var prefix = ConfigIdVariable + "=";
            return answer.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();
        }
        catch (Exception e) when (e is SocketException or IOException) { return null; }
        // The socket's own 2 s limit, not the caller's token: a worker too busy to answer.
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return null; }
    }

    internal async Task<string> AskAsync(string command, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, timeout.Token);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        return answer.ToString();
    }
}
