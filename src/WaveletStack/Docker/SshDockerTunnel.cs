using System.Net.Sockets;

namespace WaveletStack.Docker;

/// <summary>
/// A private unix socket on this machine whose every connection is carried over SSH to the
/// host's engine by `docker system dial-stdio` (any engine from 18.09; nothing is ever exposed
/// on a network port). Docker.DotNet talks to the socket as if it were a local engine.
/// </summary>
public sealed class SshDockerTunnel : IAsyncDisposable
{
    // OpenSSH allows 10 channels per connection (MaxSessions); past 8 a new connection is opened.
    const int ChannelsPerSession = 8;
    const int MaxSessions = 8;

    readonly Func<CancellationToken, Task<SshSession>> connect;
    readonly List<(SshSession Session, SemaphoreSlim Slots)> sessions = [];
    readonly SemaphoreSlim sessionsGate = new(1, 1);
    readonly DirectoryInfo folder;
    readonly Socket listener;
    readonly CancellationTokenSource stopping = new();
    readonly Task accepting;

    SshDockerTunnel(SshSession first, Func<CancellationToken, Task<SshSession>> connect)
    {
        this.connect = connect;
        sessions.Add((first, new SemaphoreSlim(ChannelsPerSession)));
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

    public string Host => sessions[0].Session.Endpoint.ToString();

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

    async Task CarryAsync(Socket local, CancellationToken cancellationToken)
    {
        using var _ = local;
        await using var localStream = new NetworkStream(local, ownsSocket: false);
        (SshSession Session, SemaphoreSlim Slots) lease;
        try { lease = await LeaseAsync(cancellationToken); }
        catch (Exception) { return; } // the client sees its connection closed and reports the failure
        try
        {
            var command = lease.Session.StartStream("docker system dial-stdio", cancellationToken, out var execution);
            var eofSent = false;
            var input = command.CreateInputStream();
            var toEngine = Task.Run(async () =>
            {
                try { await localStream.CopyToAsync(input, cancellationToken); }
                catch (Exception) { }
                // EOF tells dial-stdio the client is done. Never after the channel closed: OpenSSH
                // drops the whole connection (every other channel on it) for an EOF on a freed channel.
                if (!execution.IsCompleted) { input.Dispose(); eofSent = true; }
            }, CancellationToken.None);
            var fromEngine = Task.Run(async () =>
            {
                await command.OutputStream.CopyToAsync(localStream, cancellationToken);
                local.Shutdown(SocketShutdown.Send);
            }, cancellationToken);
            await Task.WhenAll(fromEngine, execution);
            await Task.WhenAny(toEngine, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
            // Disposing the command sends EOF on its input too: only safe when ours went first.
            if (eofSent) command.Dispose();
        }
        catch (Exception)
        {
            // A broken channel ends this one connection; Docker.DotNet reports it to its caller.
        }
        finally
        {
            lease.Slots.Release();
        }
    }

    async Task<(SshSession, SemaphoreSlim)> LeaseAsync(CancellationToken cancellationToken)
    {
        await sessionsGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var entry in sessions)
                if (entry.Session.IsConnected && entry.Slots.Wait(0)) return entry;
            if (sessions.Count < MaxSessions)
            {
                var added = (await connect(cancellationToken), new SemaphoreSlim(ChannelsPerSession - 1));
                sessions.Add(added);
                return added;
            }
        }
        finally
        {
            sessionsGate.Release();
        }
        var busy = sessions[Random.Shared.Next(sessions.Count)];
        await busy.Slots.WaitAsync(cancellationToken);
        return busy;
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Dispose();
        try { await accepting; } catch (Exception) { }
        foreach (var (session, _) in sessions) session.Dispose();
        try { folder.Delete(recursive: true); } catch (IOException) { }
        stopping.Dispose();
    }
}
