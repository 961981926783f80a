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
/// drops the node dials again. A peer that says goodbye leaves the list at once; one that vanishes
/// (no goodbye on the wire) stays listed until the heartbeat timeout, as on the real node.
/// </summary>
internal sealed class PeerNetwork(string publicKey, string advertisedAddress, Func<BlockHead> head,
    Action<BlockHead> onBlock, TimeSpan peerTimeout) : IAsyncDisposable
{
    static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    readonly Lock gate = new();
    readonly List<PeerLink> links = [];
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

    /// <summary>Distinct peers (by public key), silent ones included until they time out.</summary>
    public List<PeerInfo> Peers
    {
        get
        {
            lock (gate)
                return links.GroupBy(l => l.PublicKey).Select(g => new PeerInfo(g.First().Address, g.Key))
                    .OrderBy(p => p.Address, StringComparer.Ordinal).ToList();
        }
    }

    public int PeerCount { get { lock (gate) return links.Select(l => l.PublicKey).Distinct().Count(); } }

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

    /// <summary>Drops an outgoing peer (by the address dialled or the one it advertises).</summary>
    public async Task DisconnectAsync(string address, CancellationToken ct)
    {
        PeerLink[] dropped;
        string[] keys;
        lock (gate)
        {
            dropped = links.Where(l => l.Outgoing && (l.DialAddress == address || l.Address == address)).ToArray();
            keys = keepers.Keys.Where(k => k == address || dropped.Any(l => l.DialAddress == k)).ToArray();
            if (dropped.Length == 0 && keys.Length == 0) throw new PeerException($"peer {address} not found");
            links.RemoveAll(dropped.Contains);
        }
        await SayGoodbyeAsync(dropped, keys, ct);
        Log.Info("Disconnected from peer.", ("address", address));
    }

    // Goodbyes go out before the keepers stop: cancelling a keeper ends its read loop, which marks
    // the link silent, and a silent link sends nothing, so the peer would keep listing this node
    // until its heartbeat timeout.
    async Task SayGoodbyeAsync(PeerLink[] dropped, string[] keeperKeys, CancellationToken ct)
    {
        await Task.WhenAll(dropped.Select(l => l.SendAsync("BYE", ct)));
        lock (gate)
            foreach (var key in keeperKeys)
                if (keepers.Remove(key, out var keeper)) keeper.Cancel();
        foreach (var link in dropped) link.Dispose();
    }

    public async Task AnnounceAsync(BlockHead block, CancellationToken ct)
    {
        PeerLink[] targets;
        lock (gate) targets = links.Where(l => !l.Silent).ToArray();
        var line = "BLOCK " + PeerLink.Block(block);
        await Task.WhenAll(targets.Select(l => l.SendAsync(line, ct)));
    }

    public async ValueTask DisposeAsync()
    {
        PeerLink[] all;
        string[] keys;
        lock (gate)
        {
            all = links.ToArray();
            keys = keepers.Keys.ToArray();
            links.Clear();
        }
        await SayGoodbyeAsync(all, keys, CancellationToken.None);
        stopping.Cancel();
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

    void StartKeeper(string address, PeerLink? first, bool persistent)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        lock (gate)
        {
            if (keepers.Remove(address, out var old)) old.Cancel();
            keepers[address] = cts;
        }
        _ = KeepAsync(address, first, persistent, cts);
    }

    // Keeps one outgoing peer: runs its link, and after a loss dials again with backoff until the
    // peer answers, or (unless it is a start-up peer) until the heartbeat timeout gives up on it.
    async Task KeepAsync(string address, PeerLink? link, bool persistent, CancellationTokenSource cts)
    {
        var ct = cts.Token;
        var lostAt = Environment.TickCount64;
        var delay = TimeSpan.FromSeconds(1);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (link is not null)
                {
                    Register(link, $"Connected to peer {address}.");
                    var end = await link.ReadLoopAsync(onBlock, ct);
                    Lost(link, end);
                    link = null;
                    lostAt = Environment.TickCount64;
                    delay = TimeSpan.FromSeconds(1);
                }
                if (!persistent && TimeSpan.FromMilliseconds(Environment.TickCount64 - lostAt) > peerTimeout) break;
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
            Lost(link, await link.ReadLoopAsync(onBlock, ct));
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
            // A peer that comes back replaces what is left of its silent connections.
            foreach (var ghost in links.Where(l => l.PublicKey == link.PublicKey && l.Silent).ToList())
            {
                links.Remove(ghost);
                ghost.Dispose();
            }
            links.Add(link);
        }
        Log.Info(message, ("address", link.Address), ("public_key", link.PublicKey));
    }

    void Lost(PeerLink link, LinkEnd end)
    {
        lock (gate)
            if (!links.Contains(link)) return; // dropped by us (disconnect, shutdown, timeout)
        if (end == LinkEnd.Lost)
        {
            Log.Debug("Lost the connection to a peer without a goodbye; it stays listed until it times out.", ("address", link.Address));
            return;
        }
        lock (gate) links.Remove(link);
        link.Dispose();
        Log.Info("Peer said goodbye.", ("address", link.Address));
    }

    async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(Heartbeat, ct);
                PeerLink[] all, expired;
                lock (gate)
                {
                    expired = links.Where(l => l.SinceLastSeen > peerTimeout).ToArray();
                    links.RemoveAll(expired.Contains);
                    all = links.ToArray();
                }
                foreach (var link in expired)
                {
                    link.Dispose();
                    Log.Warn("Peer timed out: no heartbeat.", ("address", link.Address), ("timeout", peerTimeout.ToString()));
                }
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
