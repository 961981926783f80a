using System.Net;

namespace WaveletStack.Sim.Tests;

public sealed class DatabaseTests : IDisposable
{
    const string Secret = "db-secret";
    static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);
    readonly string root = Directory.CreateTempSubdirectory("wst-sim-db-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Database_HasLevelDbStyleFiles()
    {
        var db = Path.Combine(root, "db");
        await using var node = await SimProcess.StartNodeAsync(db: db);

        foreach (var name in new[] { "CURRENT", "LOCK", "LOG", "MANIFEST-000000", "000001.log" })
            Assert.True(File.Exists(Path.Combine(db, name)), $"{name} is missing");
        await Eventually.TrueAsync(() => Task.FromResult(Directory.GetFiles(db, "*.ldb").Length > 0), Soon, () => "no .ldb file");
    }

    [Fact]
    public async Task Restart_ThroughApi_ResumesHeightAndTransactions()
    {
        var db = Path.Combine(root, "db");
        await using var peer = await SimProcess.StartNodeAsync(k: 1);
        await using var node = await SimProcess.StartNodeAsync(Secret, [peer.P2pAddress], k: 1, db: db);
        var height = await GrowAsync(node);

        using var restarted = await node.PostAsync("node/restart", "", Secret);
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        await node.WaitForLineAsync(l => l.Contains("Node restarted."), Soon);

        Assert.Equal(height, await node.HeightAsync());
        Assert.Equal(3, (await node.LedgerAsync()).GetProperty("num_tx").GetInt64());
        await Eventually.TrueAsync(async () => (await node.PeerAddressesAsync()).SequenceEqual([peer.P2pAddress]), Soon,
            () => "the restarted node did not dial its peer again");
    }

    [Fact]
    public async Task DatabaseCopiedWhileRunning_BetweenIdenticalChecksums_MakesAnotherNodeResume()
    {
        var db = Path.Combine(root, "db");
        var copy = Path.Combine(root, "copy");
        await using var peer = await SimProcess.StartNodeAsync(k: 1);
        await using var node = await SimProcess.StartNodeAsync(extra: [peer.P2pAddress], k: 1, db: db);
        var height = await GrowAsync(node);

        // As a backup does: copy, and trust the copy when the directory did not change meanwhile.
        for (var attempt = 0; ; attempt++)
        {
            var before = Checksum(db);
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
            Directory.CreateDirectory(copy);
            foreach (var file in Directory.GetFiles(db)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            if (Checksum(db) == before) break;
            Assert.True(attempt < 10, "the database kept changing while idle");
        }
        await using var other = await SimProcess.StartNodeAsync(db: copy);

        Assert.Equal(height, await other.HeightAsync());
        Assert.Equal(3, (await other.LedgerAsync()).GetProperty("num_tx").GetInt64());
    }

    [Fact]
    public async Task StoppedNode_StartedAgainOnItsDatabase_Resumes()
    {
        var db = Path.Combine(root, "db");
        ulong height;
        await using (var peer = await SimProcess.StartNodeAsync(k: 1))
        await using (var node = await SimProcess.StartNodeAsync(extra: [peer.P2pAddress], k: 1, db: db))
        {
            height = await GrowAsync(node);
            await node.StopAsync();
        }

        await using var again = await SimProcess.StartNodeAsync(db: db);

        Assert.Equal(height, await again.HeightAsync());
    }

    [Fact]
    public async Task SecondNodeOnTheSameDatabase_IsRefused()
    {
        var db = Path.Combine(root, "db");
        await using var first = await SimProcess.StartNodeAsync(db: db);

        var (exit, output) = await CommandLineTests.RunToExitAsync("node", "--port", SimProcess.FreePort().ToString(),
            "--api.port", SimProcess.FreePort().ToString(), "--log.nocolor", "--db", db);

        Assert.NotEqual(0, exit);
        Assert.Contains("is in use by another process", output);
    }

    static string Checksum(string dir) => string.Join(",", Directory.GetFiles(dir).Order(StringComparer.Ordinal)
        .Select(f => Path.GetFileName(f) + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))));

    // Sends three transactions and waits until they are finalised and written (about a second).
    static async Task<ulong> GrowAsync(SimProcess node)
    {
        await node.SendTransactionsAsync(3);
        await Eventually.TrueAsync(async () => await node.HeightAsync() > 0, Soon, () => "no block finalised");
        await Task.Delay(1500);
        return await node.HeightAsync();
    }
}
