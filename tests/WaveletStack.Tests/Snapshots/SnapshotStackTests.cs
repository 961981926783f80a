using System.Formats.Tar;
using System.IO.Compression;
using Xunit;
using Xunit.Abstractions;
using WaveletStack.Configuration;
using WaveletStack.Node;
using WaveletStack.Snapshots;
using WaveletStack.Tests.Configuration;
using WaveletStack.Tests.Node;

namespace WaveletStack.Tests.Snapshots;

/// <summary>SnapshotStack and RestoreStack on the shared simulator stack, and what RestoreStack refuses before it creates anything.</summary>
[Collection(NodeStackCollection.Name)]
public sealed class SnapshotStackTests(NodeStackFixture stack, ITestOutputHelper output) : IDisposable
{
    static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;
    readonly string folder = Directory.CreateTempSubdirectory("wst-snapshot-").FullName;

    public void Dispose() => Directory.Delete(folder, true);

    string NewStackName() => $"wst-node-snap{Guid.NewGuid():N}"[..18];

    StackDuplicator Stacks() => new(stack.Root, new Dictionary<string, string>(), _ => null);

    Task<TimeSpan> RestoreAsync(string input, string to, int? count = null) =>
        new SnapshotRestorer(Stacks()).RunAsync(input, to, count, stack.Engine, stack.DeployAsync, stack.WaitHealthyAsync, Timeout);

    [Fact]
    public async Task SnapshotStack_ThenRestoreStack_MakesANewStackWhoseEveryNodeIsAtItsSnapshotHeight()
    {
        await EnsureHeightAsync();
        var file = Path.Combine(folder, "net.tar.gz");
        var manifest = await SnapshotTaker.RunAsync(stack.Locator, stack.Configuration(stack.Stack), file, includeSecrets: false, force: false, Timeout);

        Assert.Equal([1, 2, 3], manifest.Nodes.Select(n => n.Node));
        Assert.All(manifest.Nodes, n => Assert.True(n.Height > 0, $"node {n.Node} at height {n.Height}"));
        Assert.Equal("sim", manifest.Configuration["WAVELET_TAG"]);
        Assert.Equal("3", manifest.Configuration["WAVELET_NODES"]);
        Assert.DoesNotContain("SWARM", manifest.Configuration.Keys);
        Assert.Equal(SnapshotTaker.SharedMode, File.GetUnixFileMode(file));
        using (var archive = await SnapshotArchive.OpenAsync(file, 3, Timeout))
            Assert.All(manifest.Nodes, n => Assert.Equal($"{n.Node}", archive.Dumps[n.Node].Node)); // node i holds node i's database
        await stack.WaitHealthyAsync(stack.Stack, Timeout); // the source runs on, every /wavelet resumed

        var copy = NewStackName();
        var took = await RestoreAsync(file, copy);

        var restored = await new NodeLocator(stack.Engine, copy).AllWaveletNodesAsync(Timeout);
        var heights = await Task.WhenAll(restored.Select(n => WaveletLedger.HeightAsync(n, Timeout)));
        output.WriteLine($"simulator, 3 nodes: snapshot heights {string.Join(", ", manifest.Nodes.Select(n => n.Height))}; " +
                         $"restored {string.Join(", ", heights)} in {took.TotalSeconds:0.0} s");
        Assert.Equal(3, restored.Count);
        Assert.All(manifest.Nodes, n => Assert.True(heights[n.Node - 1] >= n.Height, $"node {n.Node}: {heights[n.Node - 1]} < {n.Height}"));
        var written = KeyValueFile.Parse(File.ReadAllText(Path.Combine(stack.Root, "stacks", copy)), "restored").Values;
        Assert.Equal("sim", written["WAVELET_TAG"]);

        var again = await Assert.ThrowsAsync<UserErrorException>(() => RestoreAsync(file, copy));
        Assert.Contains("already has a configuration", again.Message);
    }

    [Fact]
    public async Task SnapshotStack_WithIncludeSecrets_KeepsTheKeysInAFileOnlyItsOwnerReads()
    {
        await EnsureHeightAsync();
        var values = new Dictionary<string, string>(stack.Configuration(stack.Stack).Values) { ["WAVELET_KEYS"] = TestKeys.Keys(3) };
        var configuration = StackConfiguration.From(stack.Stack, values, stack.Root);
        var with = Path.Combine(folder, "with.tar.gz");
        var without = Path.Combine(folder, "without.tar.gz");

        var kept = await SnapshotTaker.RunAsync(stack.Locator, configuration, with, includeSecrets: true, force: false, Timeout);
        var left = await SnapshotTaker.RunAsync(stack.Locator, configuration, without, includeSecrets: false, force: false, Timeout);

        Assert.Equal(TestKeys.Keys(3), kept.Configuration["WAVELET_KEYS"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(with));
        Assert.DoesNotContain("WAVELET_KEYS", left.Configuration.Keys);
        Assert.DoesNotContain(TestKeys.Private1, await ReadAllAsync(without));
        var refused = await Assert.ThrowsAsync<UserErrorException>(() =>
            SnapshotTaker.RunAsync(stack.Locator, configuration, without, includeSecrets: false, force: false, Timeout));
        Assert.Contains("exists; add --force", refused.Message);
    }

    [Fact]
    public async Task RestoreStack_FromADumpDbDumpOrJunk_IsRefusedBeforeAnythingIsCreated()
    {
        await EnsureHeightAsync();
        var dump = Path.Combine(folder, "node1.tar.gz");
        await DbDump.RunAsync(await stack.NodeAsync("1"), dump, force: false, Timeout);
        var junk = Path.Combine(folder, "junk.tar.gz");
        await File.WriteAllTextAsync(junk, "not a snapshot");
        var copy = NewStackName();

        var notSnapshot = await Assert.ThrowsAsync<UserErrorException>(() => RestoreAsync(dump, copy));
        var notGzip = await Assert.ThrowsAsync<UserErrorException>(() => RestoreAsync(junk, copy));

        Assert.Contains("never holds", notSnapshot.Message); // a DumpDb dump's db/… entries
        Assert.Contains("is not a gzip'd tar made by SnapshotStack", notGzip.Message);
        await AssertNothingOfAsync(copy);
    }

    [Fact]
    public async Task RestoreStack_WithAnotherNodeCountOrOntoARunningStack_IsRefusedBeforeAnythingIsCreated()
    {
        await EnsureHeightAsync();
        var file = Path.Combine(folder, "net.tar.gz");
        await SnapshotTaker.RunAsync(stack.Locator, stack.Configuration(stack.Stack), file, includeSecrets: false, force: false, Timeout);
        var copy = NewStackName();

        var count = await Assert.ThrowsAsync<UserErrorException>(() => RestoreAsync(file, copy, count: 5));
        var running = await Assert.ThrowsAsync<UserErrorException>(() => RestoreAsync(file, stack.Stack));

        Assert.Contains("holds 3 nodes, not the 5 asked for", count.Message);
        await AssertNothingOfAsync(copy);
        Assert.Contains($"Stack '{stack.Stack}' is running", running.Message);
    }

    [Fact]
    public async Task RestoreStack_FromASnapshotWhoseManifestDisagreesWithItsNodes_IsRefused()
    {
        await EnsureHeightAsync();
        var file = Path.Combine(folder, "net.tar.gz");
        await SnapshotTaker.RunAsync(stack.Locator, stack.Configuration(stack.Stack), file, includeSecrets: false, force: false, Timeout);
        var lying = Path.Combine(folder, "lying.tar.gz");
        await RewriteManifestAsync(file, lying, json => json.Replace("\"WAVELET_NODES\": \"3\"", "\"WAVELET_NODES\": \"4\""));
        var copy = NewStackName();

        var refused = await Assert.ThrowsAsync<UserErrorException>(() => RestoreAsync(lying, copy));

        Assert.Contains("says WAVELET_NODES=4 but holds 3 nodes", refused.Message);
        await AssertNothingOfAsync(copy);
    }

    async Task AssertNothingOfAsync(string stackName)
    {
        Assert.False(File.Exists(Path.Combine(stack.Root, "stacks", stackName)), "a refused restore wrote a configuration");
        Assert.Empty(await WaveletStack.Stack.StackServices.ListAsync(stack.Engine.Manager, stackName, Timeout));
    }

    /// <summary>A copy of <paramref name="from"/> with snapshot.json changed by <paramref name="change"/>.</summary>
    static async Task RewriteManifestAsync(string from, string to, Func<string, string> change)
    {
        await using var input = new GZipStream(File.OpenRead(from), CompressionMode.Decompress);
        await using var reader = new TarReader(input);
        await using var outputFile = new GZipStream(File.Create(to), CompressionLevel.Fastest);
        await using var writer = new TarWriter(outputFile, TarEntryFormat.Pax);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            if (entry.Name == SnapshotManifest.FileName)
            {
                var json = change(await new StreamReader(entry.DataStream!).ReadToEndAsync());
                entry.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            }
            await writer.WriteEntryAsync(entry);
        }
    }

    static async Task<string> ReadAllAsync(string gzipFile)
    {
        await using var gzip = new GZipStream(File.OpenRead(gzipFile), CompressionMode.Decompress);
        return await new StreamReader(gzip).ReadToEndAsync();
    }

    Task EnsureHeightAsync() => stack.EnsureHeightAsync(CancellationToken.None);
}
