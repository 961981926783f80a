using System.Net;

namespace WaveletStack.Sim.Tests;

/// <summary>
/// The simulator's peer list behaves like the real node's routing table (the same facts are checked
/// against the real binary in ContractParityTests): no goodbye, a peer stays listed after its links
/// die, a listed peer is dialled back, /node/disconnect works only over a live outgoing link, and
/// whatever a peer sends (but the keepalive) re-adds it.
/// </summary>
public class PeerTests
{
    const string Secret = "peer-secret";
    static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);
    /// <summary>How long "still listed" is watched: several heartbeats, far below any real expiry.</summary>
    static readonly TimeSpan AWhile = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ConnectThenDisconnect_BetweenTwoSims_DropsThePeerOnlyOnTheDisconnectingSide()
    {
        await using var a = await SimProcess.StartNodeAsync(Secret);
        await using var b = await SimProcess.StartNodeAsync(Secret);

        using var connected = await Connect(a, b);
        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.Equal($$"""{"msg":"Successfully connected to {{b.P2pAddress}}"}""", await connected.Content.ReadAsStringAsync());
        Assert.Equal([b.P2pAddress], await a.PeerAddressesAsync());
        await Eventually.TrueAsync(async () => (await b.PeerAddressesAsync()).SequenceEqual([a.P2pAddress]), Soon, () => "b does not list a");
        var ledgerB = await b.LedgerAsync();
        var listedKey = (await a.LedgerAsync()).GetProperty("peers")[0].GetProperty("public_key").GetString();
        Assert.Equal(ledgerB.GetProperty("public_key").GetString(), listedKey);
        // b dials a back; its hello would list b in a's table again, so let it arrive first.
        await a.WaitForLineAsync(l => l.Contains("Peer connected to us."), Soon);

        using var disconnected = await Disconnect(a, b);
        Assert.Equal(HttpStatusCode.OK, disconnected.StatusCode);
        Assert.Equal($$"""{"msg":"Successfully disconnected from {{b.P2pAddress}}"}""", await disconnected.Content.ReadAsStringAsync());
        Assert.Empty(await a.PeerAddressesAsync());

        // The real node tells the other side nothing: b keeps a in its table, and b, idle, sends a
        // nothing that would bring it back (its keepalives do not count).
        await Task.Delay(AWhile);
        Assert.Equal([a.P2pAddress], await b.PeerAddressesAsync());
        Assert.Empty(await a.PeerAddressesAsync());
    }

    [Fact]
    public async Task DialledPeer_DialsBack_AndCanThenDisconnectTheDialler()
    {
        await using var a = await SimProcess.StartNodeAsync(Secret);
        await using var b = await SimProcess.StartNodeAsync(Secret);
        using (var connected = await Connect(a, b)) Assert.Equal(HttpStatusCode.OK, connected.StatusCode);

        // Until b has dialled a back it has a only as incoming, and disconnecting answers 500.
        await Eventually.TrueAsync(async () => { using var r = await Disconnect(b, a); return r.StatusCode == HttpStatusCode.OK; }, Soon,
            () => "b never got an outgoing link to a");

        Assert.Empty(await b.PeerAddressesAsync());
        await Task.Delay(AWhile);
        Assert.Empty(await b.PeerAddressesAsync());
    }

    [Fact]
    public async Task DisconnectedPeer_ThatKeepsSending_IsListedAgain()
    {
        await using var a = await SimProcess.StartNodeAsync(Secret, k: 1);
        await using var b = await SimProcess.StartNodeAsync(Secret, k: 1);
        using (var ab = await Connect(a, b)) Assert.Equal(HttpStatusCode.OK, ab.StatusCode);
        using (var ba = await Connect(b, a)) Assert.Equal(HttpStatusCode.OK, ba.StatusCode);
        using (var disconnected = await Disconnect(a, b)) Assert.Equal(HttpStatusCode.OK, disconnected.StatusCode);
        Assert.Empty(await a.PeerAddressesAsync());

        // b still has its own link to a; the blocks it announces over it put b back in a's table.
        await b.SendTransactionsAsync(5);
        await Eventually.TrueAsync(async () => (await a.PeerAddressesAsync()).SequenceEqual([b.P2pAddress]), Soon, () => "a does not list b again");
    }

    [Fact]
    public async Task FrozenPeer_DisconnectedOverALiveOutgoingLink_StaysGone()
    {
        await using var a = await SimProcess.StartNodeAsync(Secret);
        await using var b = await SimProcess.StartNodeAsync(Secret);
        using (var ab = await Connect(a, b)) Assert.Equal(HttpStatusCode.OK, ab.StatusCode);
        using (var ba = await Connect(b, a)) Assert.Equal(HttpStatusCode.OK, ba.StatusCode);

        b.Freeze(); // SIGSTOP, as a leaving node's agent does: its connections stay up, it sends nothing
        try
        {
            using (var disconnected = await Disconnect(a, b)) Assert.Equal(HttpStatusCode.OK, disconnected.StatusCode);
            Assert.Empty(await a.PeerAddressesAsync());
            await Task.Delay(AWhile);
            Assert.Empty(await a.PeerAddressesAsync());
        }
        finally
        {
            b.Thaw();
        }
    }

    [Fact]
    public async Task StoppedPeer_StaysListedByBothKindsOfPeer_AndCannotBeDisconnected()
    {
        await using var a = await SimProcess.StartNodeAsync(Secret);
        await using var b = await SimProcess.StartNodeAsync(Secret);
        await using var c = await SimProcess.StartNodeAsync(Secret);
        // b is dialled by a (a has an outgoing link) and dials c (c has only an incoming one).
        using (var ab = await Connect(a, b)) Assert.Equal(HttpStatusCode.OK, ab.StatusCode);
        using (var bc = await Connect(b, c)) Assert.Equal(HttpStatusCode.OK, bc.StatusCode);
        await Eventually.TrueAsync(async () => (await c.PeerAddressesAsync()).Contains(b.P2pAddress), Soon, () => "c does not list b");

        await b.StopAsync(); // SIGTERM: a clean shutdown, yet no goodbye on the wire (the real node has none)

        await Task.Delay(AWhile);
        Assert.Equal([b.P2pAddress], await a.PeerAddressesAsync());
        Assert.Equal([b.P2pAddress], await c.PeerAddressesAsync());
        // a's outgoing link to b is dead, so a cannot disconnect b either.
        using var refused = await Disconnect(a, b);
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Equal($$"""{"status":"Internal Server Error","error":"error disconnecting from peer: could not disconnect peer: peer with address {{b.P2pAddress}} not found"}""",
            await refused.Content.ReadAsStringAsync());
        Assert.Equal([b.P2pAddress], await a.PeerAddressesAsync());
    }

    [Fact]
    public async Task KilledPeer_WithTheSimulatorsPeerTimeout_IsForgottenAfterIt()
    {
        var timeout = TimeSpan.FromSeconds(4);
        await using var a = await SimProcess.StartNodeAsync(Secret, ["--sim.peer-timeout", "4s"]);
        var b = await SimProcess.StartNodeAsync(Secret);
        using (var connected = await Connect(a, b)) Assert.Equal(HttpStatusCode.OK, connected.StatusCode);

        b.Kill(); // SIGKILL
        await b.DisposeAsync();
        var killedAt = DateTime.UtcNow;

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal([b.P2pAddress], await a.PeerAddressesAsync());
        await Eventually.TrueAsync(async () => (await a.PeerAddressesAsync()).Length == 0, timeout + Soon, () => "a still lists the dead peer");
        Assert.True(DateTime.UtcNow - killedAt >= timeout - TimeSpan.FromSeconds(1), "the peer left before --sim.peer-timeout");
    }

    [Fact]
    public async Task PositionalPeer_IsDialledAtStart()
    {
        await using var a = await SimProcess.StartNodeAsync();
        await using var b = await SimProcess.StartNodeAsync(extra: [a.P2pAddress]);

        await Eventually.TrueAsync(async () => (await b.PeerAddressesAsync()).SequenceEqual([a.P2pAddress]), Soon, () => "b did not dial a");
        await Eventually.TrueAsync(async () => (await a.PeerAddressesAsync()).SequenceEqual([b.P2pAddress]), Soon, () => "a does not list b");
    }

    [Fact]
    public async Task PositionalPeers_IncludingOwnAddress_ListOnlyOthers()
    {
        await using var a = await SimProcess.StartNodeAsync();
        var own = SimProcess.FreePort();
        await using var b = await SimProcess.StartNodeAsync(extra: ["--port", own.ToString(), $"127.0.0.1:{own}", a.P2pAddress]);

        await Eventually.TrueAsync(async () => (await b.PeerAddressesAsync()).SequenceEqual([a.P2pAddress]), Soon, () => "b did not dial a");
        await Task.Delay(1500);
        Assert.Equal([a.P2pAddress], await b.PeerAddressesAsync());
    }

    static Task<HttpResponseMessage> Connect(SimProcess from, SimProcess to) =>
        from.PostAsync("node/connect", $$"""{"address":"{{to.P2pAddress}}"}""", Secret);

    static Task<HttpResponseMessage> Disconnect(SimProcess from, SimProcess to) =>
        from.PostAsync("node/disconnect", $$"""{"address":"{{to.P2pAddress}}"}""", Secret);
}
