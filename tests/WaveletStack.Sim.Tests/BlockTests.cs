namespace WaveletStack.Sim.Tests;

public class BlockTests
{
    static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Blocks_AreFinalisedOnlyWithTransactionsAndKPeers_AndPeersAdoptThem()
    {
        await using var a = await SimProcess.StartNodeAsync(k: 1);

        // Transactions but fewer than K peers: the height stays.
        await a.SendTransactionsAsync(5);
        await Task.Delay(1500);
        Assert.Equal(0UL, await a.HeightAsync());

        // K peers: the waiting transactions are finalised, and the peer adopts the block.
        await using var b = await SimProcess.StartNodeAsync(k: 1, extra: [a.P2pAddress]);
        await Eventually.TrueAsync(async () => await a.HeightAsync() > 0, Soon, () => "a finalised no block");
        var height = await a.HeightAsync();
        await Eventually.TrueAsync(async () => await b.HeightAsync() == height, Soon, () => "b did not adopt a's height");
        Assert.Equal(5, (await a.LedgerAsync()).GetProperty("num_tx").GetInt64());

        // Idle network: the height stays.
        await Task.Delay(1500);
        Assert.Equal(height, await a.HeightAsync());
        Assert.Equal(height, await b.HeightAsync());
    }
}
