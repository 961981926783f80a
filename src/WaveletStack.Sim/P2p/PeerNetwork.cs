using System.Net;
using System.Net.Sockets;
using WaveletStack.Sim.Cli;
using WaveletStack.Sim.Ledger;

namespace WaveletStack.Sim.P2p;

/// <summary>A dial, disconnect or handshake that failed; the message is what the API reports.</summary>
internal class PeerException(string message) : Exception(message);

/// <summary>The address is this node's own (a start-up peer list often holds every node, this one too).</summary>
internal sealed class SelfDialException() : PeerException("cannot connect to self");

internal sealed record PeerInfo(string Address, string PublicKey);

/// <summary>
/// The node's peer-to-peer side over real TCP. Outgoing peers are kept: when their connection
/// drops the node dials again. What `/ledger` lists is the <see cref="RoutingTable"/>, not the live
/// links: as on the real node, a peer stays listed after its connections die (no goodbye on the
/// wire), leaves only through /node/disconnect over a live outgoing link, and comes back with
/// anything it sends.
/// </summary>
internal sealed class PeerNetwork(string publicKey, string advertisedAddress, Func<BlockHead> head,
    Action<BlockHead> onBlock, TimeSpan peerTimeout) : IAsyncDisposable
{
    static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    /// <summary>
    /// How long a lost outgoing peer (not a start-up one) is redialled. The real node's gRPC
    /// connection reconnects with backoff and gives up after 30 failures, many minutes; this is
    /// shorter and only bounds the simulator's work: listing does not depend on it.
    /// </summary>
    static readonly TimeSpan RedialFor = TimeSpan.FromMinutes(2);

    readonly Lock gate = new();
    readonly List<PeerLink> links = [];
    readonly RoutingTable table = new(peerTimeout);
    readonly Dictionary<string, CancellationTokenSource> keepers = new(StringComparer.Ordinal);
    readonly CancellationTokenSource stopping = new();
    TcpListener? listener;
    Task[] loops = [];

    public void Start(int port)
    {
        listener = new TcpListener(IPAddress.Any, port);
        listener.Start();
        loops = [AcceptLoopAsync(listener, stopping.Token), HeartbeatLoopAsync(stopping.Token)];
    }

    /// <summary>The routing table: peers with a live link and those whose links died alike.</summary>
    public List<PeerInfo> Peers { get { lock (gate) return table.Peers; } }

    public int PeerCount { get { lock (gate) return table.Count; } }

    /// <summary>Dials `address` and keeps the connection (redialling when it drops).</summary>
    public async Task ConnectAsync(string address, CancellationToken ct)
    {
        lock (gate)
            if (links.Any(l => l.Outgoing && l.DialAddress == address && !l.Silent)) return;
        var link = await DialAsync(address, ct);
        StartKeeper(address, link, persistent: false);
    }

    /// <summary>Dials the positional peers in the background, retrying until each answers.</summary>
    public void ConnectInBackground(string address) => StartKeeper(address, null, persistent: true);

    /// <summary>
    /// As the real node: only over a live outgoing link dialled to `address` (its connection is
    /// closed and its redialling stops), and then every peer advertising `address` leaves the
    /// table. An incoming-only peer, or one whose link died, is "not found" and stays listed.
    /// The other side is told nothing and keeps listing this node.
    /// </summary>
    public Task DisconnectAsync(string address, CancellationToken ct)
    {
        PeerLink[] dropped;
        CancellationTokenSource? keeper;
        lock (gate)
        {
            dropped = links.Where(l => l.Outgoing && !l.Silent && l.DialAddress == address).ToArray();
            if (dropped.Length == 0) throw new PeerException($"could not disconnect peer: peer with address {address} not found");
            links.RemoveAll(dropped.Contains);
            table.ForgetAddress(address);
            keepers.Remove(address, out keeper);
        }
        keeper?.Cancel();
        foreach (var link in dropped) link.Dispose();
        Log.Info("Disconnected from peer.", ("address", address));
        return Task.CompletedTask;
    }

    public async Task AnnounceAsync(BlockHead block, CancellationToken ct)
    {
        PeerLink[] targets;
        lock (gate) targets = links.Where(l => !l.Silent).ToArray();
        var line = "BLOCK " + PeerLink.Block(block);
        await Task.WhenAll(targets.Select(l => l.SendAsync(line, ct)));
    }

    /// <summary>Closes every connection without a word (the real node has no goodbye): peers keep listing this node.</summary>
    public async ValueTask DisposeAsync()
    {
        PeerLink[] all;
        lock (gate)
        {
            all = links.ToArray();
            links.Clear();
        }
        stopping.Cancel(); // ends the keepers and the loops
        foreach (var link in all) link.Dispose();
        listener?.Stop();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
    }

    async Task<PeerLink> DialAsync(string address, CancellationToken ct)
    {
        var (host, port) = SplitAddress(address);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping.Token);
        timeout.CancelAfter(HandshakeTimeout);
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
            var link = new PeerLink(client, outgoing: true, dialAddress: address);
            await link.SendAsync(PeerLink.Hello(publicKey, advertisedAddress, head()), timeout.Token);
            var theirs = await link.ReadHelloAsync(timeout.Token);
            if (link.PublicKey == publicKey) throw new SelfDialException();
            onBlock(theirs);
            return link;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            client.Dispose();
            var reason = e is OperationCanceledException ? "timed out" : e.Message;
            throw new PeerException($"failed to dial {address}: {reason}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <param name="unlessKept">Do nothing when `address` already has a keeper or a live outgoing link (a dial-back).</param>
    void StartKeeper(string address, PeerLink? first, bool persistent, bool unlessKept = false)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        lock (gate)
        {
            if (unlessKept && (keepers.ContainsKey(address) || links.Any(l => l.Outgoing && !l.Silent && l.DialAddress == address)))
            {
                cts.Dispose();
                return;
            }
            if (keepers.Remove(address, out var old)) old.Cancel();
            keepers[address] = cts;
        }
        _ = KeepAsync(address, first, persistent, cts);
    }

    // Keeps one outgoing peer: runs its link, and after a loss dials again with backoff until the
    // peer answers, or (unless it is a start-up peer) until RedialFor gives up on it.
    async Task KeepAsync(string address, PeerLink? link, bool persistent, CancellationTokenSource cts)
    {
        var ct = cts.Token;
        var lostAt = Environment.TickCount64;
        // A dial-back goes out at once, as the real node's does (within its 100 ms loop).
        var delay = TimeSpan.FromSeconds(link is null && !persistent ? 0.1 : 1);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (link is not null)
                {
                    Register(link, $"Connected to peer {address}.");
                    await link.ReadLoopAsync(Heard, onBlock, ct);
                    Lost(link);
                    link = null;
                    lostAt = Environment.TickCount64;
                    delay = TimeSpan.FromSeconds(1);
                }
                if (!persistent && TimeSpan.FromMilliseconds(Environment.TickCount64 - lostAt) > RedialFor) break;
                await Task.Delay(delay, ct);
                try
                {
                    link = await DialAsync(address, ct);
                }
                catch (SelfDialException)
                {
                    Log.Debug("Not dialling this node's own address.", ("address", address));
                    break;
                }
                catch (PeerException e)
                {
                    Log.Debug("Could not reach peer; will retry.", ("address", address), ("error", e.Message));
                    delay = TimeSpan.FromSeconds(Math.Min(10, delay.TotalSeconds * 2));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            link?.Dispose();
            lock (gate)
                if (keepers.TryGetValue(address, out var current) && current == cts) keepers.Remove(address);
        }
    }

    async Task AcceptLoopAsync(TcpListener server, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await server.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (ct.IsCancellationRequested) return;
                continue;
            }
            _ = ServeIncomingAsync(client, ct);
        }
    }

    async Task ServeIncomingAsync(TcpClient client, CancellationToken ct)
    {
        var link = new PeerLink(client, outgoing: false, dialAddress: null);
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(HandshakeTimeout);
                var theirs = await link.ReadHelloAsync(timeout.Token);
                await link.SendAsync(PeerLink.Hello(publicKey, advertisedAddress, head()), timeout.Token);
                if (link.PublicKey == publicKey) { link.Dispose(); return; }
                onBlock(theirs);
            }
            Register(link, "Peer connected to us.");
            await link.ReadLoopAsync(Heard, onBlock, ct);
            Lost(link);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            link.Dispose();
        }
    }

    void Register(PeerLink link, string message)
    {
        lock (gate)
        {
            links.Add(link);
            table.Heard(link.PublicKey, link.Address);
        }
        Log.Info(message, ("address", link.Address), ("public_key", link.PublicKey));
        // The real node dials every peer in its table (ClosestPeers, every 100 ms), so a peer that
        // dialled in is soon an outgoing peer too and can then be disconnected from this side.
        if (!link.Outgoing) StartKeeper(link.Address, null, persistent: false, unlessKept: true);
    }

    /// <summary>Anything a peer sends puts it back in the table (the real node's interceptors call table.Update on every RPC).</summary>
    void Heard(PeerLink link)
    {
        lock (gate)
            if (links.Contains(link)) table.Heard(link.PublicKey, link.Address);
    }

    /// <summary>The link is gone; the peer stays in the table, as on the real node.</summary>
    void Lost(PeerLink link)
    {
        lock (gate)
            if (!links.Remove(link)) return; // dropped by us (disconnect, shutdown)
        link.Dispose();
        Log.Debug("Lost the connection to a peer; it stays listed.", ("address", link.Address));
    }

    async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(Heartbeat, ct);
                PeerLink[] all;
                List<string> expired;
                lock (gate)
                {
                    expired = table.Expire();
                    all = links.ToArray();
                }
                foreach (var address in expired)
                    Log.Warn("Peer timed out (--sim.peer-timeout): nothing heard from it.", ("address", address), ("timeout", peerTimeout.ToString()));
                await Task.WhenAll(all.Where(l => !l.Silent).Select(l => l.SendAsync("PING", ct)));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    static (string Host, int Port) SplitAddress(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new PeerException($"invalid address {address}: expected host:port");
        return (address[..colon].Trim('[', ']'), port);
    }
}
