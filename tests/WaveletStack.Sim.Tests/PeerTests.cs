using System.Net;

namespace WaveletStack.Sim.Tests;

public class PeerTests
{
    const string Secret = "peer-secret";
    static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConnectThenDisconnect_BetweenTwoSims_UpdatesBothPeerLists()
    {
        await using var a = await SimProcess.StartNodeAsync(Secret);
        await using var b = await SimProcess.StartNodeAsync(Secret);

        using var connected = await a.PostAsync("node/connect", $$"""{"address":"{{b.P2pAddress}}"}""", Secret);
        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.Equal($$"""{"msg":"Successfully connected to {{b.P2pAddress}}"}""", await connected.Content.ReadAsStringAsync());
        Assert.Equal([b.P2pAddress], await a.PeerAddressesAsync());
        await Eventually.TrueAsync(async () => (await b.PeerAddressesAsync()).SequenceEqual([a.P2pAddress]), Soon, () => "b does not list a");
        var ledgerB = await b.LedgerAsync();
        var listedKey = (await a.LedgerAsync()).GetProperty("peers")[0].GetProperty("public_key").GetString();
        Assert.Equal(ledgerB.GetProperty("public_key").GetString(), listedKey);

        using var disconnected = await a.PostAsync("node/disconnect", $$"""{"address":"{{b.P2pAddress}}"}""", Secret);
        Assert.Equal(HttpStatusCode.OK, disconnected.StatusCode);
        Assert.Equal($$"""{"msg":"Successfully disconnected from {{b.P2pAddress}}"}""", await disconnected.Content.ReadAsStringAsync());
        Assert.Empty(await a.PeerAddressesAsync());
        await Eventually.TrueAsync(async () => (await b.PeerAddressesAsync()).Length == 0, Soon, () => "b still lists a after the goodbye");
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

    [Fact]
    public async Task StoppedPeer_SaysGoodbyeOnEveryLink_AndLeavesTheOtherPeerListsAtOnce()
    {
        await using var a = await SimProcess.StartNodeAsync(Secret);
        await using var b = await SimProcess.StartNodeAsync(Secret);
        // Links both ways, as agents make them: b's outgoing link is run by a keeper that stopping cancels.
        using (var ab = await a.PostAsync("node/connect", $$"""{"address":"{{b.P2pAddress}}"}""", Secret))
            Assert.Equal(HttpStatusCode.OK, ab.StatusCode);
        using (var ba = await b.PostAsync("node/connect", $$"""{"address":"{{a.P2pAddress}}"}""", Secret))
            Assert.Equal(HttpStatusCode.OK, ba.StatusCode);

        await b.StopAsync(); // SIGTERM: a clean shutdown says goodbye

        // Well inside the 90 s heartbeat timeout: only a goodbye on both links empties a's list.
        await Eventually.TrueAsync(async () => (await a.PeerAddressesAsync()).Length == 0, TimeSpan.FromSeconds(5),
            () => "a still lists b after b's clean shutdown");
    }

    [Fact]
    public async Task KilledPeer_WithoutGoodbye_StaysListedUntilHeartbeatTimeout()
    {
        var timeout = TimeSpan.FromSeconds(4);
        await using var a = await SimProcess.StartNodeAsync(Secret, ["--sim.peer-timeout", "4s"]);
        var b = await SimProcess.StartNodeAsync(Secret);
        using (var connected = await a.PostAsync("node/connect", $$"""{"address":"{{b.P2pAddress}}"}""", Secret))
            Assert.Equal(HttpStatusCode.OK, connected.StatusCode);

        b.Kill(); // SIGKILL: no goodbye on the wire
        await b.DisposeAsync();
        var killedAt = DateTime.UtcNow;

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal([b.P2pAddress], await a.PeerAddressesAsync());
        await Eventually.TrueAsync(async () => (await a.PeerAddressesAsync()).Length == 0, timeout + Soon, () => "a still lists the dead peer");
        Assert.True(DateTime.UtcNow - killedAt >= timeout - TimeSpan.FromSeconds(1), "the peer left before its heartbeat timeout");
    }
}
