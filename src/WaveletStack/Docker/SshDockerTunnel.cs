using System.Net.Sockets;

namespace WaveletStack.Docker;

/// <summary>
/// A private unix socket on this machine whose every connection is carried over SSH to the
/// host's engine by `docker system dial-stdio` (any engine from 18.09; nothing is ever exposed
/// on a network port). Docker.DotNet talks to the socket as if it were a local engine.
/// </summary>
public sealed class SshDockerTunnel : IAsyncDisposable
{
    readonly Func<CancellationToken, Task<SshSession>> connect;
    readonly SshSession first;
    // sshd refuses connections past MaxStartups (10 by default) that are still in their handshake.
    readonly SemaphoreSlim handshakes = new(6);
    readonly DirectoryInfo folder;
    readonly Socket listener;
    readonly CancellationTokenSource stopping = new();
    readonly Task accepting;

    SshDockerTunnel(SshSession first, Func<CancellationToken, Task<SshSession>> connect)
    {
        this.connect = connect;
        this.first = first;
        // CreateTempSubdirectory makes the folder 700: no other user can reach the socket.
        folder = Directory.CreateTempSubdirectory("wavelet-ssh-");
        var path = Path.Combine(folder.FullName, "docker.sock");
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(64);
        Endpoint = new Uri("unix://" + path);
        accepting = AcceptAsync(stopping.Token);
    }

    /// <summary>The local socket to hand to Docker.DotNet.</summary>
    public Uri Endpoint { get; }

    public string Host => first.Endpoint.ToString();

    /// <summary>Opens the tunnel; `connect` makes further SSH connections to the same host when needed.</summary>
    public static async Task<SshDockerTunnel> OpenAsync(Func<CancellationToken, Task<SshSession>> connect, CancellationToken cancellationToken)
    {
        var first = await connect(cancellationToken);
        return new SshDockerTunnel(first, connect);
    }

    async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket local;
            try { local = await listener.AcceptAsync(cancellationToken); }
            catch (Exception) when (cancellationToken.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            _ = CarryAsync(local, cancellationToken);
        }
    }

    // One SSH connection per engine connection. Sharing one SSH connection between channels broke
    // under load: OpenSSH drops the whole connection (every channel on it) when an EOF arrives for a
    // channel it has already freed, and dial-stdio channels close on their own when the engine does.
    // A handshake costs about 0.2 s, and Docker.DotNet opens a connection per request, so callers
    // keep their requests few and their concurrency bounded (StackSnapshot).
    async Task CarryAsync(Socket local, CancellationToken cancellationToken)
    {
        using var _ = local;
        await using var localStream = new NetworkStream(local, ownsSocket: false);
        SshSession session;
        try
        {
            await handshakes.WaitAsync(cancellationToken);
            try { session = await connect(cancellationToken); }
            finally { handshakes.Release(); }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The client waits for an HTTP answer: give it one carrying the reason (a changed host
            // key, a refused key, a timeout), not a closed connection that reads as a network error.
            await RefuseAsync(localStream, e is UserErrorException ? e.Message : $"SSH to {Host} failed: {e.Message}", cancellationToken);
            return;
        }
        catch (Exception) { return; }
        using (session)
        {
            try
            {
                using var command = session.StartStream("docker system dial-stdio", cancellationToken, out var execution);
                var input = command.CreateInputStream();
                var toEngine = Task.Run(async () =>
                {
                    try { await localStream.CopyToAsync(input, cancellationToken); }
                    catch (Exception) { }
                    // The client is done: EOF lets dial-stdio close the engine's side. Safe here, as
                    // no other channel shares this SSH connection.
                    try { input.Dispose(); } catch (Exception) { }
                }, CancellationToken.None);
                var fromEngine = Task.Run(async () =>
                {
                    try { await command.OutputStream.CopyToAsync(localStream, cancellationToken); }
                    finally { local.Shutdown(SocketShutdown.Send); }
                }, cancellationToken);
                await Task.WhenAll(fromEngine, execution).WaitAsync(cancellationToken);
            }
            catch (Exception)
            {
                // A broken channel ends this one connection; Docker.DotNet reports it to its caller.
            }
        }
    }

    /// <summary>
    /// Answers the request waiting on <paramref name="client"/> with 502 and the engine API's
    /// error shape (<c>{"message": …}</c>), which Docker.DotNet puts in its exception's message.
    /// </summary>
    internal static async Task RefuseAsync(Stream client, string reason, CancellationToken cancellationToken)
    {
        try
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(TimeSpan.FromSeconds(2));
                try { await ReadHeadersAsync(client, wait.Token); }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            }
            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["message"] = reason });
            var head = System.Text.Encoding.ASCII.GetBytes(
                $"HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await client.WriteAsync(head, cancellationToken);
            await client.WriteAsync(body, cancellationToken);
            await client.FlushAsync(cancellationToken);
        }
        catch (Exception) { } // the client left; nobody is waiting for the reason
    }

    // The request is read before answering: closing a socket with unread data can reset it and
    // lose the answer. A body, if any, is not waited for (engine requests here are small).
    static async Task ReadHeadersAsync(Stream client, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var seen = new List<byte>();
        while (true)
        {
            var read = await client.ReadAsync(buffer, cancellationToken);
            if (read == 0) return;
            seen.AddRange(buffer.AsSpan(0, read));
            if (System.Text.Encoding.ASCII.GetString(seen.ToArray()).Contains("\r\n\r\n")) return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Dispose();
        try { await accepting; } catch (Exception) { }
        first.Dispose();
        try { folder.Delete(recursive: true); } catch (IOException) { }
        stopping.Dispose();
    }
}
