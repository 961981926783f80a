using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace WaveletStack.Docker;

/// <summary>
/// One SSH connection to a host: commands with their output, and raw command channels (for
/// `docker system dial-stdio`). Host keys are checked against the swarm's known hosts; failures
/// become one sentence that says what to do.
/// </summary>
public sealed class SshSession : IDisposable
{
    readonly SshClient client;

    SshSession(SshClient client, SshEndpoint endpoint)
    {
        this.client = client;
        Endpoint = endpoint;
    }

    public SshEndpoint Endpoint { get; }

    public static async Task<SshSession> ConnectAsync(
        SshEndpoint endpoint, IReadOnlyList<IPrivateKeySource> keys, SshKnownHosts knownHosts,
        CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var info = new ConnectionInfo(endpoint.Address, endpoint.Port, endpoint.User,
            new PrivateKeyAuthenticationMethod(endpoint.User, [.. keys]))
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
        };
        var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(30) };
        SshHostKeyChangedException? refused = null;
        client.HostKeyReceived += (_, e) =>
        {
            try { knownHosts.Verify(HostKeyName(endpoint), e.HostKeyName, e.HostKey); e.CanTrust = true; }
            catch (SshHostKeyChangedException changed) { refused = changed; e.CanTrust = false; }
        };
        try
        {
            await client.ConnectAsync(cancellationToken);
            return new SshSession(client, endpoint);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            if (refused is not null) throw refused;
            throw Explain(endpoint, e);
        }
    }

    /// <summary>
    /// Connects, retrying while the host is still booting: sshd not yet listening, and (with
    /// <paramref name="whileKeyRefused"/>, for a fresh cloud host) its key not yet installed.
    /// </summary>
    public static async Task<SshSession> ConnectWhenReadyAsync(
        SshEndpoint endpoint, IReadOnlyList<IPrivateKeySource> keys, SshKnownHosts knownHosts,
        TimeSpan deadline, CancellationToken cancellationToken, bool whileKeyRefused = true)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        UserErrorException? last = null;
        while (true)
        {
            try { return await ConnectAsync(endpoint, keys, knownHosts, timeout.Token, TimeSpan.FromSeconds(10)); }
            catch (SshHostKeyChangedException) { throw; }
            catch (UserErrorException e) when (whileKeyRefused || e.InnerException is not SshAuthenticationException) { last = e; }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            if (timeout.IsCancellationRequested)
                throw new UserErrorException($"{endpoint} did not accept SSH within {deadline.TotalSeconds:0} s ({last?.Message ?? "no answer"}).");
            try { await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
        }
    }

    /// <summary>
    /// The longest a command over SSH may run (installing docker.io included): a host that stops
    /// answering mid-command must end the target with a sentence, not hang it.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Runs a shell command; returns its standard output, or throws with its standard error.</summary>
    public async Task<string> RunAsync(string command, CancellationToken cancellationToken, byte[]? input = null)
    {
        var bytes = await RunForBytesAsync(command, cancellationToken, input);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Like <see cref="RunAsync"/>, within <see cref="CommandTimeout"/>.</summary>
    public async Task<byte[]> RunForBytesAsync(string command, CancellationToken cancellationToken, byte[]? input = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CommandTimeout);
        try { return await RunWithinAsync(command, deadline.Token, input); }
        catch (Exception e) when (e is OperationCanceledException or SshOperationTimeoutException
                                  && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new UserErrorException($"`{SshCommandException.FirstWords(command)}` on {Endpoint} did not finish within " +
                $"{CommandTimeout.TotalMinutes:0} minutes; check that the host is up and not overloaded.", e);
        }
    }

    async Task<byte[]> RunWithinAsync(string command, CancellationToken cancellationToken, byte[]? input)
    {
        // Without input the command reads nothing (a quick one may end before an input stream could open).
        using var ssh = client.CreateCommand(input is null ? $"{{\n{command}\n}} </dev/null" : command);
        var execution = ssh.ExecuteAsync(cancellationToken);
        if (input is not null)
        {
            using var stdin = ssh.CreateInputStream();
            await stdin.WriteAsync(input, cancellationToken);
        }
        var output = new MemoryStream();
        var reading = ssh.OutputStream.CopyToAsync(output, cancellationToken);
        await execution;
        await reading;
        if (ssh.ExitStatus != 0)
        {
            var error = ssh.Error.Trim();
            throw new SshCommandException(Endpoint, command, ssh.ExitStatus, error);
        }
        return output.ToArray();
    }

    /// <summary>
    /// Starts a command whose standard input and output carry a byte stream (a tunnel). The
    /// caller disposes the returned command when the stream ends.
    /// </summary>
    public SshCommand StartStream(string command, CancellationToken cancellationToken, out Task execution)
    {
        var ssh = client.CreateCommand(command);
        execution = ssh.ExecuteAsync(cancellationToken);
        return ssh;
    }

    public void Dispose() => client.Dispose();

    static string HostKeyName(SshEndpoint endpoint) => endpoint.Port == 22 ? endpoint.Address : $"[{endpoint.Address}]:{endpoint.Port}";

    static UserErrorException Explain(SshEndpoint endpoint, Exception e) => e switch
    {
        SshAuthenticationException => new UserErrorException(
            $"{endpoint} refused the SSH key; add its public key to {endpoint.User}'s ~/.ssh/authorized_keys on that host (or pass --identity with a key it accepts).", e),
        SocketException s => new UserErrorException(
            $"Cannot reach SSH at {endpoint} ({s.SocketErrorCode}); check that the host is up and that port {endpoint.Port} is open to this machine.", e),
        SshOperationTimeoutException or TimeoutException or OperationCanceledException => new UserErrorException(
            $"SSH to {endpoint} timed out; check that the host is up and that port {endpoint.Port} is open to this machine.", e),
        SshConnectionException c => new UserErrorException($"SSH to {endpoint} failed: {c.Message.TrimEnd('.')}.", e),
        _ => new UserErrorException($"SSH to {endpoint} failed: {e.Message.TrimEnd('.')}.", e),
    };
}

/// <summary>A command run over SSH exited non-zero.</summary>
public sealed class SshCommandException(SshEndpoint endpoint, string command, int? exitStatus, string error) : UserErrorException(
    $"`{FirstWords(command)}` on {endpoint} failed with exit status {exitStatus?.ToString() ?? "unknown"}: {(error.Length == 0 ? "no error output" : error.Split('\n')[^1])}.")
{
    public int? ExitStatus => exitStatus;
    public string ErrorOutput => error;

    internal static string FirstWords(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(3));
    }
}
