using System.Net.Sockets;
using System.Text;

namespace WaveletStack.Sim.P2p;

/// <summary>
/// One TCP connection to a peer after the hello exchange. The wire is a line protocol:
/// `HELLO key address height id merkle txs`, `PING` (every second), `BLOCK height id merkle txs`.
/// There is no goodbye: the real node sends none, so a peer learns of a departure only by what
/// the routing table does (see <see cref="RoutingTable"/>).
/// </summary>
internal sealed class PeerLink : IDisposable
{
    static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    readonly TcpClient client;
    readonly NetworkStream stream;
    readonly StreamReader reader;
    readonly SemaphoreSlim writeGate = new(1, 1);

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

    /// <summary>The connection is gone (the real node's "not Ready"): nothing more is sent on it.</summary>
    public bool Silent { get; private set; }

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
        return head;
    }

    /// <summary>
    /// Reads until the connection is lost, handing block announcements to `onBlock` and calling
    /// `heard` for every line but `PING` (a message re-adds its sender to the routing table, as the
    /// real node's RPCs do; `PING` is only the simulator's keepalive, and an idle real node sends
    /// nothing, so a disconnected idle peer stays gone).
    /// </summary>
    public async Task ReadLoopAsync(Action<PeerLink> heard, Action<Ledger.BlockHead> onBlock, CancellationToken ct)
    {
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var parts = line.Split(' ');
                if (parts[0] != "PING") heard(this);
                if (parts[0] == "BLOCK" && ParseBlock(parts.AsSpan(1)) is { } head) onBlock(head);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        Silent = true;
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

    static Ledger.BlockHead? ParseBlock(ReadOnlySpan<string> parts) =>
        parts.Length == 4 && ulong.TryParse(parts[0], out var height) && int.TryParse(parts[3], out var txs)
            ? new Ledger.BlockHead(height, parts[1], parts[2], txs)
            : null;
}
