using System.Net.Sockets;
using System.Text;

namespace WaveletStack.Sim.P2p;

/// <summary>Why a link's read loop ended.</summary>
internal enum LinkEnd { Goodbye, Lost }

/// <summary>
/// One TCP connection to a peer after the hello exchange. The wire is a line protocol:
/// `HELLO key address height id merkle txs`, `PING` (every second), `BLOCK height id merkle txs`, `BYE`.
/// </summary>
internal sealed class PeerLink : IDisposable
{
    static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    readonly TcpClient client;
    readonly NetworkStream stream;
    readonly StreamReader reader;
    readonly SemaphoreSlim writeGate = new(1, 1);
    long lastSeen = Environment.TickCount64;

    public PeerLink(TcpClient client, bool outgoing, string? dialAddress)
    {
        this.client = client;
        stream = client.GetStream();
        reader = new StreamReader(stream, Encoding.ASCII);
        Outgoing = outgoing;
        DialAddress = dialAddress;
    }

    public string PublicKey { get; private set; } = "";
    public string Address { get; private set; } = "";
    public bool Outgoing { get; }
    public string? DialAddress { get; }

    /// <summary>The socket is gone without a goodbye: the peer stays listed until it times out.</summary>
    public bool Silent { get; private set; }

    public TimeSpan SinceLastSeen => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref lastSeen));

    public static string Hello(string publicKey, string address, Ledger.BlockHead head) =>
        $"HELLO {publicKey} {address} {Block(head)}";

    public static string Block(Ledger.BlockHead head) => $"{head.Height} {head.Id} {head.MerkleRoot} {head.Transactions}";

    /// <summary>Reads the peer's hello; returns its head of chain.</summary>
    public async Task<Ledger.BlockHead> ReadHelloAsync(CancellationToken ct)
    {
        var line = await reader.ReadLineAsync(ct) ?? throw new IOException("peer closed the connection during the handshake");
        var parts = line.Split(' ');
        if (parts.Length != 7 || parts[0] != "HELLO" || ParseBlock(parts.AsSpan(3)) is not { } head)
            throw new IOException("peer does not speak the simulator's protocol");
        PublicKey = parts[1];
        Address = parts[2];
        Touch();
        return head;
    }

    /// <summary>Reads until goodbye or loss, handing each block announcement to `onBlock`.</summary>
    public async Task<LinkEnd> ReadLoopAsync(Action<Ledger.BlockHead> onBlock, CancellationToken ct)
    {
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                Touch();
                var parts = line.Split(' ');
                switch (parts[0])
                {
                    case "BYE":
                        return LinkEnd.Goodbye;
                    case "BLOCK" when ParseBlock(parts.AsSpan(1)) is { } head:
                        onBlock(head);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        Silent = true;
        return LinkEnd.Lost;
    }

    public async Task<bool> SendAsync(string line, CancellationToken ct)
    {
        if (Silent) return false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(WriteTimeout);
        try
        {
            await writeGate.WaitAsync(timeout.Token);
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"), timeout.Token);
                return true;
            }
            finally
            {
                writeGate.Release();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Silent = true;
            return false;
        }
    }

    public void Dispose()
    {
        Silent = true;
        client.Dispose();
    }

    void Touch() => Interlocked.Exchange(ref lastSeen, Environment.TickCount64);

    static Ledger.BlockHead? ParseBlock(ReadOnlySpan<string> parts) =>
        parts.Length == 4 && ulong.TryParse(parts[0], out var height) && int.TryParse(parts[3], out var txs)
            ? new Ledger.BlockHead(height, parts[1], parts[2], txs)
            : null;
}
