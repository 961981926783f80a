using Xunit;
using WaveletStack.Node;

namespace WaveletStack.Tests.Node;

/// <summary>DumpDb, RestoreDb and DuplicateStack on the shared deployed stack.</summary>
[Collection(NodeStackCollection.Name)]
public class NodeDatabaseTests(NodeStackFixture stack) : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("wst-node-db-").FullName;

    public void Dispose() => Directory.Delete(folder, true);

    Task<long> EnsureHeightAsync() => stack.EnsureHeightAsync(CancellationToken.None);

    [Fact]
    public async Task DumpDb_ThenRestoreDbIntoAnotherNode_BringsItToTheDumpedHeight()
    {
        await EnsureHeightAsync();
        var dump = Path.Combine(folder, "node1.tar.gz");
        var manifest = await DbDump.RunAsync(await stack.NodeAsync("1"), dump, force: false, CancellationToken.None);
        Assert.True(manifest.Height > 0);
        Assert.Contains("000002.ldb", manifest.Files.Keys);

        var node2 = await stack.NodeAsync("2");
        var refused = await Assert.ThrowsAsync<UserErrorException>(() => DbRestore.RunAsync([node2], dump, force: false, CancellationToken.None));
        Assert.Contains("--force", refused.Message);

        await DbRestore.RunAsync([node2], dump, force: true, CancellationToken.None);
        Assert.True(await WaveletLedger.HeightAsync(node2, CancellationToken.None) >= manifest.Height);
        var aside = await ContainerExec.ShellAsync(node2, "ls -d /data/db.before-restore-*", CancellationToken.None);
        Assert.True(aside.Succeeded, "the old database must be kept");

        var again = await Assert.ThrowsAsync<UserErrorException>(() => DbDump.RunAsync(node2, dump, force: false, CancellationToken.None));
        Assert.Contains("--force", again.Message);
    }

    [Theory]
    [InlineData("not gzip at all")]
    [InlineData("")]
    public async Task RestoreDb_Junk_IsRefusedAndLeavesTheDatabaseUntouched(string content)
    {
        var junk = Path.Combine(folder, "junk.tar.gz");
        await File.WriteAllTextAsync(junk, content);
        var node3 = await stack.NodeAsync("3");
        var before = await DbChecksums.InNodeAsync(node3, CancellationToken.None);
        await Assert.ThrowsAsync<UserErrorException>(() => DbRestore.RunAsync([node3], junk, force: true, CancellationToken.None));
        Assert.Equal(before, await DbChecksums.InNodeAsync(node3, CancellationToken.None));
        Assert.False((await ContainerExec.ShellAsync(node3, "ls -d /data/db.before-restore-*", CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task DuplicateStack_MakesASecondStackWhoseNode1StartsFromTheSourceHeight()
    {
        var height = await EnsureHeightAsync();
        var copy = $"wst-node-dup{Guid.NewGuid():N}"[..17];
        var duplicator = new StackDuplicator(stack.Root, new Dictionary<string, string>(), _ => null);
        await duplicator.RunAsync(stack.Locator, copy, stack.Engine, stack.DeployAsync, stack.WaitHealthyAsync, CancellationToken.None);

        var node1 = await new NodeLocator(stack.Engine, copy).FindAsync("1", CancellationToken.None);
        Assert.True(await WaveletLedger.HeightAsync(node1, CancellationToken.None) >= height);
        Assert.True(File.Exists(Path.Combine(stack.Root, "stacks", copy)));

        var refused = await Assert.ThrowsAsync<UserErrorException>(() =>
            duplicator.RunAsync(stack.Locator, copy, stack.Engine, stack.DeployAsync, stack.WaitHealthyAsync, CancellationToken.None));
        Assert.Contains("already has a configuration", refused.Message);
    }
}
