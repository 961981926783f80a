using Xunit;
using WaveletStack.Node;

namespace WaveletStack.Tests.Node;

public class NodeCopyTests(ContainerFixture containers) : IClassFixture<ContainerFixture>, IDisposable
{
    readonly string local = Directory.CreateTempSubdirectory("wst-node-copy-").FullName;

    public void Dispose() => Directory.Delete(local, recursive: true);

    static Task Copy(NodeContainer node, params string[] words) =>
        NodeCopy.RunAsync(CopyRequest.Parse(words), node, CancellationToken.None);

    [Fact]
    public async Task Copy_BinaryFileToNodeAndBack_IsByteIdentical()
    {
        var node = await containers.StartAsync("1", ["sleep", "300"]);
        var bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(bytes);
        var source = Path.Combine(local, "blob.bin");
        await File.WriteAllBytesAsync(source, bytes);

        await Copy(node, source, "1:/tmp/renamed.bin");
        await Copy(node, "1:/tmp/renamed.bin", Path.Combine(local, "back.bin"));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(local, "back.bin")));
    }

    [Fact]
    public async Task Copy_FolderToExistingNodeFolderAndBack_KeepsTreeAndContents()
    {
        var node = await containers.StartAsync("1", ["sleep", "300"]);
        var tree = Path.Combine(local, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub", "deeper"));
        await File.WriteAllTextAsync(Path.Combine(tree, "a.txt"), "alpha\n");
        await File.WriteAllTextAsync(Path.Combine(tree, "sub", "deeper", "b.txt"), "beta\n");

        await Copy(node, tree, "1:/tmp");   // an existing folder: the tree keeps its name
        var back = Path.Combine(local, "back");
        Directory.CreateDirectory(back);
        await Copy(node, "1:/tmp/tree", back);

        Assert.Equal("alpha\n", await File.ReadAllTextAsync(Path.Combine(back, "tree", "a.txt")));
        Assert.Equal("beta\n", await File.ReadAllTextAsync(Path.Combine(back, "tree", "sub", "deeper", "b.txt")));
    }

    [Fact]
    public async Task Copy_MissingPaths_AreRefusedNamingThePath()
    {
        var node = await containers.StartAsync("1", ["sleep", "300"]);
        var missingLocal = await Assert.ThrowsAsync<UserErrorException>(() => Copy(node, Path.Combine(local, "nope"), "1:/tmp"));
        Assert.Contains("nope", missingLocal.Message);
        var missingRemote = await Assert.ThrowsAsync<UserErrorException>(() => Copy(node, "1:/no/such/file", local));
        Assert.Contains("/no/such/file", missingRemote.Message);
        var missingFolder = await Assert.ThrowsAsync<UserErrorException>(() => Copy(node, "1:/etc/hostname", Path.Combine(local, "x", "y")));
        Assert.Contains("does not exist here", missingFolder.Message);
    }
}
